package io.logto.sdk.oidc;

/**
 * Makes text that came from outside (the provider's answers, a callback URL anyone can craft) safe
 * to put into an exception message or a log line: shortened, and with every control character, Unicode
 * line or paragraph separator, format character (bidi overrides reorder what a reader sees) and lone
 * surrogate replaced by a space. Stateless and thread-safe.
 */
public final class ProviderText {
    private ProviderText() {
    }

    /**
     * {@code text}, cleaned and cut to at most {@code maxChars} characters (never inside a surrogate
     * pair), with {@code …} appended when it was cut.
     *
     * @param text     the text; not {@code null}
     * @param maxChars the most characters kept
     * @return the cleaned text
     */
    public static String clean(String text, int maxChars) {
        var out = new StringBuilder(Math.min(text.length(), maxChars + 1));
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (out.length() + Character.charCount(cp) > maxChars) {
                break;
            }
            out.appendCodePoint(isUnsafe(cp) ? ' ' : cp);
            i += Character.charCount(cp);
        }
        if (i < text.length()) {
            out.append('…');
        }
        return out.toString();
    }

    /** {@code text} cleaned and cut for a message that quotes it: at most 80 characters. */
    static String quote(String text) {
        return clean(text, 80);
    }

    private static boolean isUnsafe(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }
}
