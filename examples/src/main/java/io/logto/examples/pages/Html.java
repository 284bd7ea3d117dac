package io.logto.examples.pages;

/**
 * HTML escaping and the page frame. Everything that comes from a user, a token or a provider goes
 * through {@link #escape(String)} before it reaches a page. Stateless and thread-safe.
 */
public final class Html {
    private Html() {
    }

    /**
     * {@code text} safe inside an element or a quoted attribute. The adapter escapes its own pages
     * the same way, privately: an HTML escaper is not what a Logto SDK should export, and the
     * examples stand for an app, which brings its template engine's.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A complete page; {@code title} is escaped here, {@code body} must already be safe HTML. */
    public static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                  body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
                  nav a, .actions a { margin-right: 1rem; }
                  table { border-collapse: collapse; width: 100%%; }
                  td, th { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left;
                           vertical-align: top; word-break: break-all; }
                  .note { color: #555; }
                  .error { color: #a00; }
                </style>
                </head>
                <body>
                <nav><a href="/">Home</a><a href="/protected">Protected</a><a href="/protected/userinfo">User info</a>\
                <a href="/protected/organizations">Organizations</a></nav>
                <h1>%s</h1>
                %s
                </body>
                </html>
                """.formatted(escape(title), escape(title), body);
    }
}
