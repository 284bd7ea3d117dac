package io.logto.sdk.oidc;

/**
 * Checks JWS signatures (RFC 7515 §5.2, algorithms of RFC 7518 §3) made with one public key.
 * Get one per key from {@link JwsSignatures#forKey(java.security.PublicKey)} and keep it as long as
 * the key: whatever can be prepared once per key (an EC key's decoded, precomputed point) is.
 * Implementations are immutable and thread-safe.
 */
interface SignatureCheck {
    /**
     * Whether {@code signature} is a valid signature of {@code signingInput} (the ASCII bytes of
     * {@code BASE64URL(header) '.' BASE64URL(payload)}) by this key under {@code alg}.
     *
     * <p>Never throws on bad input: an algorithm this key cannot make (another family, another
     * curve, {@code none}, HMAC), a signature of the wrong length or with values out of range, or
     * a signature that does not match all give {@code false}.
     *
     * @param alg the JWS {@code alg} header value, e.g. {@code ES384}
     */
    boolean verify(String alg, byte[] signingInput, byte[] signature);
}
