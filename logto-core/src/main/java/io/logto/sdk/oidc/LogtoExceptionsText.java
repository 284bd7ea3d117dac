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
        for (int i = 0; i < text.length() && out.length() < 80; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }
}
