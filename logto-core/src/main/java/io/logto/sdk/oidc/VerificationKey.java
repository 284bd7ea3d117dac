package io.logto.sdk.oidc;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;
import java.util.Set;

/**
 * One key of the provider's JWKS, ready to check JWS signatures (RFC 7518 §3): which algorithms it
 * may verify (its type and curve, and its own {@code alg} when the JWKS names one) and the check
 * itself through the JDK. The lean path's one place where a signature is checked. Immutable and
 * thread-safe (a {@link Signature} is made per check).
 */
final class VerificationKey {
    private static final Set<String> RSA_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");

    private final String keyId;
    private final String declaredAlgorithm;
    private final PublicKey key;
    private final Set<String> algorithms;

    private VerificationKey(String keyId, String declaredAlgorithm, PublicKey key, Set<String> algorithms) {
        this.keyId = keyId;
        this.declaredAlgorithm = declaredAlgorithm;
        this.key = key;
        this.algorithms = algorithms;
    }

    /** The key, when it is a public key this SDK can verify with (RSA of 2048 bits or more, EC P-256/384/521, Ed25519/Ed448). */
    static Optional<VerificationKey> of(JsonWebKey jwk) {
        if (!(jwk instanceof PublicJsonWebKey publicJwk) || publicJwk.getPublicKey() == null) {
            return Optional.empty();
        }
        PublicKey key = publicJwk.getPublicKey();
        Set<String> algorithms;
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
            algorithms = RSA_ALGORITHMS;
        } else if (key instanceof ECPublicKey && jwk instanceof EllipticCurveJsonWebKey ec) {
            algorithms = switch (String.valueOf(ec.getCurveName())) {
                case "P-256" -> Set.of("ES256");
                case "P-384" -> Set.of("ES384");
                case "P-521" -> Set.of("ES512");
                default -> Set.of();
            };
        } else if (jwk instanceof OctetKeyPairJsonWebKey okp
                && ("Ed25519".equals(okp.getSubtype()) || "Ed448".equals(okp.getSubtype()))) {
            algorithms = Set.of("EdDSA");
        } else {
            algorithms = Set.of();
        }
        return algorithms.isEmpty() ? Optional.empty()
                : Optional.of(new VerificationKey(jwk.getKeyId(), jwk.getAlgorithm(), key, algorithms));
    }

    /** The JWKS {@code kid}, or {@code null}. */
    String keyId() {
        return keyId;
    }

    /** Whether this key may verify a signature made with {@code algorithm}. */
    boolean canVerify(String algorithm) {
        return algorithms.contains(algorithm) && (declaredAlgorithm == null || declaredAlgorithm.equals(algorithm));
    }

    /** Whether {@code signature} is this key's signature of {@code signingInput} with {@code algorithm}. */
    boolean verify(String algorithm, byte[] signingInput, byte[] signature) {
        if (!canVerify(algorithm)) {
            return false;
        }
        try {
            Signature check = newSignature(algorithm);
            check.initVerify(key);
            check.update(signingInput);
            return check.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A signature of the wrong length or encoding is simply not this key's signature.
            return false;
        }
    }

    private static Signature newSignature(String algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case "RS256" -> Signature.getInstance("SHA256withRSA");
            case "RS384" -> Signature.getInstance("SHA384withRSA");
            case "RS512" -> Signature.getInstance("SHA512withRSA");
            case "PS256" -> pss("SHA-256", MGF1ParameterSpec.SHA256, 32);
            case "PS384" -> pss("SHA-384", MGF1ParameterSpec.SHA384, 48);
            case "PS512" -> pss("SHA-512", MGF1ParameterSpec.SHA512, 64);
            // JOSE's ECDSA signatures are R || S (IEEE P1363), not DER.
            case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case "ES384" -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case "ES512" -> Signature.getInstance("SHA512withECDSAinP1363Format");
            case "EdDSA" -> Signature.getInstance("EdDSA");
            default -> throw new GeneralSecurityException("unsupported algorithm");
        };
    }

    private static Signature pss(String digest, MGF1ParameterSpec mgf, int saltLength) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("RSASSA-PSS");
        signature.setParameter(new PSSParameterSpec(digest, "MGF1", mgf, saltLength, 1));
        return signature;
    }

    @Override
    public String toString() {
        return "VerificationKey{kid=" + keyId + ", algorithms=" + algorithms + "}";
    }
}
