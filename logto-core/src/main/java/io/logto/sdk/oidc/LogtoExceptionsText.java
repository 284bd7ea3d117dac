package io.logto.sdk.oidc;

/** Keeps provider-supplied text short and printable before it goes into an exception message. */
final class LogtoExceptionsText {
    private LogtoExceptionsText() {
    }

    static String clip(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 80; ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            boolean unsafe = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            out.appendCodePoint(unsafe ? ' ' : cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
