package io.logto.sdk.servlet;

import java.util.Collection;
import java.util.Optional;

/** Servlet URL-pattern matching (Servlet 6, §12.2), to pick the most specific rule of a filter. */
final class UrlPatterns {
    private UrlPatterns() {
    }

    static String requireValid(String pattern) {
        if (pattern == null || pattern.isEmpty()
                || !(pattern.startsWith("/") || pattern.startsWith("*."))
                || (pattern.startsWith("/") && pattern.indexOf('*') >= 0 && !pattern.endsWith("/*"))
                || pattern.indexOf('*') != pattern.lastIndexOf('*')) {
            throw new IllegalArgumentException("not a servlet URL pattern: " + pattern);
        }
        return pattern;
    }

    /** The pattern that matches {@code path} most specifically: exact, longest prefix, extension, default. */
    static Optional<String> bestMatch(Collection<String> patterns, String path) {
        if (patterns.contains(path)) {
            return Optional.of(path);
        }
        String best = null;
        for (String p : patterns) {
            if (p.endsWith("/*")) {
                String prefix = p.substring(0, p.length() - 2);
                boolean matches = prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
                if (matches && (best == null || p.length() > best.length())) {
                    best = p;
                }
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot > slash) {
            String extension = "*" + path.substring(dot);
            if (patterns.contains(extension)) {
                return Optional.of(extension);
            }
        }
        return patterns.contains("/") ? Optional.of("/") : Optional.empty();
    }
}
