package io.logto.testing;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Signing keys generated for the tests: nothing is read from disk, so no test key can leak into
 * production. The shared keys are generated once per JVM (RSA generation is slow); tests that
 * need a key nobody else uses call {@link #es384(String)} or {@link #rs256(String)}.
 */
public final class TestKeys {
    /** Logto's kind of key: ES384 (P-384), the provider's current signing key. */
    public static final EllipticCurveJsonWebKey ES384 = es384("es384-current");
    /** An RS256 (2048-bit) key, for providers configured with RSA. */
    public static final RsaJsonWebKey RS256 = rs256("rs256-current");

    private TestKeys() {
    }

    /** A new P-384 key with key id {@code kid}, use {@code sig}, alg {@code ES384}. */
    public static EllipticCurveJsonWebKey es384(String kid) {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P384);
            key.setKeyId(kid);
            key.setUse("sig");
            key.setAlgorithm("ES384");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new 2048-bit RSA key with key id {@code kid}, use {@code sig}, alg {@code RS256}. */
    public static RsaJsonWebKey rs256(String kid) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(kid);
            key.setUse("sig");
            key.setAlgorithm("RS256");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A key set (JWKS) document with the public halves of {@code keys}, as a provider publishes it.
     *
     * @param keys the keys
     * @return the JSON document
     */
    public static String jwks(PublicJsonWebKey... keys) {
        var out = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.length; i++) {
            out.append(i == 0 ? "" : ",").append(publicJson(keys[i]));
        }
        return out.append("]}").toString();
    }

    /** The public half of {@code key} as a JWK JSON object, as a JWKS publishes it. */
    public static String publicJson(PublicJsonWebKey key) {
        return key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
