package io.logto.sdk.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The safe return-path check: where the user may be sent after sign-in. Only a local path of this
 * application is accepted, so the sign-in endpoint cannot be used as an open redirect.
 *
 * <p>Accepted: {@code /}, {@code /orders/42?tab=items#top}, {@code /a%20b}. Rejected: anything
 * that is not a path starting with a single {@code /} ({@code https://evil.example},
 * {@code //evil.example}, {@code /\evil.example}, {@code javascript:…}, {@code orders}); the same
 * tricks percent-encoded, once or several times ({@code /%2F%2Fevil.example}, {@code /%5Cevil},
 * {@code /%252F%252Fevil}); raw backslashes and whitespace; control characters, raw or encoded
 * ({@code /%09/evil}); and paths longer than {@value #MAX_LENGTH} characters.
 *
 * <p>A return path is relative to the application: the adapter prefixes it with the configured
 * public base URL, never with a host taken from the request. Stateless and thread-safe.
 */
public final class ReturnPathCheck {
    /** The longest return path accepted. */
    public static final int MAX_LENGTH = 2048;
    /** How many rounds of percent-decoding are inspected (catches double and triple encoding). */
    private static final int DECODE_ROUNDS = 3;

    private ReturnPathCheck() {
    }

    /**
     * Whether {@code candidate} is a safe local return path.
     *
     * @param candidate whether {@code candidate} is a safe local return path
     * @return whether {@code candidate} is a safe local return path
     */
    public static boolean isSafe(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return false;
        }
        if (!looksLocal(candidate, true)) {
            return false;
        }
        // The adapter redirects to the path as given, but a proxy or framework down the line might
        // decode it: no decoded form may turn into another host either.
        String current = candidate;
        for (int round = 0; round < DECODE_ROUNDS; round++) {
            Optional<String> decoded = percentDecode(current);
            if (decoded.isEmpty()) {
                return false;
            }
            if (decoded.get().equals(current)) {
                return true; // nothing (more) to decode, or only a literal '%' as in "/sale/50%"
            }
            if (!looksLocal(decoded.get(), false)) {
                return false;
            }
            current = decoded.get();
        }
        // Still encoded after several rounds: nobody needs that, attackers might.
        return percentDecode(current).map(current::equals).orElse(false);
    }

    /**
     * {@code candidate} when it is safe, otherwise {@code fallback}.
     *
     * @param candidate the return path asked for, or {@code null}
     * @param fallback the path to use instead
     * @return {@code candidate} when it is safe, otherwise {@code fallback}
     */
    public static String orElse(String candidate, String fallback) {
        return isSafe(candidate) ? candidate : fallback;
    }

    /**
     * Starts with exactly one slash and holds no character that changes its meaning: browsers treat
     * {@code \} as {@code /} and drop tabs and newlines, so {@code /\t/evil} would become
     * {@code //evil}. The raw form may hold no whitespace at all (it must be percent-encoded); a
     * decoded form may hold spaces ({@code %20}) but no control character.
     */
    private static boolean looksLocal(String path, boolean raw) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        if (path.length() > 1 && (path.charAt(1) == '/' || path.charAt(1) == '\\')) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c) || (raw && (c == '\\' || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Percent-decoding as UTF-8 ({@code +} stays {@code +}; a {@code %} not followed by two hex
     * digits stays as it is); empty when the decoded bytes are not valid UTF-8.
     */
    private static Optional<String> percentDecode(String s) {
        var bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = c == '%' && i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                int codePoint = s.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
