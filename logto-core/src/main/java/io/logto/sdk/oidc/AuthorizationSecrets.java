package io.logto.sdk.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The random values of one sign-in: {@code state}, {@code nonce} and the PKCE verifier (RFC 7636),
 * each 32 bytes from a CSPRNG, base64url without padding, and the S256 challenge. Holds secrets:
 * {@link #toString()} shows none of them.
 *
 * @param state         the anti-CSRF state
 * @param nonce         the value the ID token must carry back
 * @param codeVerifier  the PKCE verifier
 * @param codeChallenge BASE64URL(SHA-256(verifier))
 */
public record AuthorizationSecrets(String state, String nonce, String codeVerifier, String codeChallenge) {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final int TOKEN_BYTES = 32;

    /**
     * New random values from {@code random}.
     *
     * @param random the source of randomness
     * @return new random values from {@code random}
     */
    public static AuthorizationSecrets generate(SecureRandom random) {
        // One draw for the three values: each call into the JDK's NativePRNG takes its lock and mixes.
        byte[] bytes = new byte[3 * TOKEN_BYTES];
        random.nextBytes(bytes);
        String verifier = token(bytes, 2);
        return new AuthorizationSecrets(token(bytes, 0), token(bytes, 1), verifier, codeChallenge(verifier));
    }

    /**
     * The S256 challenge of a verifier.
     *
     * @param codeVerifier the PKCE verifier of the sign-in
     * @return the S256 challenge of a verifier
     */
    public static String codeChallenge(String codeVerifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String token(byte[] bytes, int index) {
        byte[] part = new byte[TOKEN_BYTES];
        System.arraycopy(bytes, index * TOKEN_BYTES, part, 0, TOKEN_BYTES);
        return BASE64URL.encodeToString(part);
    }

    @Override
    public String toString() {
        return "AuthorizationSecrets{<redacted>}";
    }
}
