package io.logto.sdk.oidc;

import java.security.PublicKey;

/**
 * The SDK's own signature check for one key ({@link JwsSignatures}, as {@link SigningKeys} prepares it
 * per key of the set), reachable from the benchmarks: a split package on the class path, like
 * {@code SignatureBenchmark}'s. The baseline that measures what validation adds to the signature.
 */
public final class PreparedSignature {
    private final SignatureCheck check;

    private PreparedSignature(SignatureCheck check) {
        this.check = check;
    }

    /**
     * The check for {@code key}, prepared once.
     *
     * @param key a public key
     * @return the check
     */
    public static PreparedSignature forKey(PublicKey key) {
        return new PreparedSignature(JwsSignatures.forKey(key));
    }

    /**
     * Whether {@code signature} is this key's signature of {@code signingInput} under {@code alg}.
     *
     * @param alg          the JWS algorithm
     * @param signingInput the ASCII bytes of {@code header.payload}
     * @param signature    the decoded signature
     * @return whether it verifies
     */
    public boolean verify(String alg, byte[] signingInput, byte[] signature) {
        return check.verify(alg, signingInput, signature);
    }
}
