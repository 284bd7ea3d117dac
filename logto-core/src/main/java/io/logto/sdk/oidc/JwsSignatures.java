package io.logto.sdk.oidc;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;

/**
 * Fast JWS signature checks, one {@link SignatureCheck} per public key.
 *
 * <ul>
 *   <li><b>ES256, ES384, ES512</b> (P-256, P-384, P-521): ECDSA verification (SEC 1 §4.1.4) with
 *       BouncyCastle's curve arithmetic. The key's point is validated and decoded once, and the
 *       multiples of it that the verification adds up are precomputed once and kept with it, so a
 *       check costs one double-scalar multiplication: 5–8× faster than the JDK's SunEC on Java 17
 *       (see docs/PERFORMANCE.md). The math is variable-time, which is fine: every input is public.</li>
 *   <li><b>RS256/384/512, PS256/384/512</b>: the JDK's own RSA ({@code SunRsaSign}), already fast.
 *       Keys under 2048 bits are refused, as jose4j does.</li>
 *   <li><b>EdDSA</b> (Ed25519, Ed448): the JDK's own EdDSA.</li>
 * </ul>
 *
 * <p>Equivalent to the JCA for every input but one: high-S signatures are accepted (ECDSA has no
 * low-S rule and JWS adds none), {@code r} and {@code s} must lie in {@code [1, n-1]}, a signature
 * must be exactly {@code 2 × coordinate size} bytes, and an EC key's point must be on its curve. The
 * exception: a signature whose verification point has {@code x ≥ n} (made only with a key built for
 * it) is accepted as SEC 1 asks ({@code x mod n = r}), where the JDK 17's SunEC refuses it. BouncyCastle
 * is used through its classes only; the JVM's security-provider list is never touched.
 */
final class JwsSignatures {
    private JwsSignatures() {
    }

    /**
     * The check for {@code key}.
     *
     * @throws IllegalArgumentException when the key cannot sign JWS at all: an EC key on a curve
     *                                  other than P-256/P-384/P-521, a point not on its curve, or a
     *                                  key type that is neither EC, RSA nor EdDSA
     */
    static SignatureCheck forKey(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return EcCheck.of(ec);
        }
        if (key instanceof RSAPublicKey rsa) {
            return new RsaCheck(rsa);
        }
        if (key instanceof EdECPublicKey ed) {
            return new EdDsaCheck(ed);
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }

    /** ECDSA on one of the three JWS curves, with the key's point decoded and precomputed once. */
    static final class EcCheck implements SignatureCheck {
        private final Curve curve;
        private final ECPoint q;

        private EcCheck(Curve curve, ECPoint q) {
            this.curve = curve;
            this.q = q;
        }

        static EcCheck of(ECPublicKey key) {
            Curve curve = Curve.of(key.getParams());
            ECPoint q;
            try {
                // validatePoint: on the curve (cofactor 1, so also in the prime-order group), not infinity.
                q = curve.domain().getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the EC key's point is not on " + curve.jwsName, e);
            }
            // One multiplication now stores the key's wNAF table in the point; every check reuses it.
            BigInteger half = curve.domain().getN().shiftRight(1);
            ECAlgorithms.sumOfTwoMultiplies(curve.domain().getG(), half, q, half);
            return new EcCheck(curve, q);
        }

        @Override
        public boolean verify(String alg, byte[] signingInput, byte[] signature) {
            if (!curve.alg.equals(alg) || signature == null || signature.length != 2 * curve.size
                    || signingInput == null) {
                return false;
            }
            ECDomainParameters domain = curve.domain();
            BigInteger n = domain.getN();
            BigInteger r = BigIntegers.fromUnsignedByteArray(signature, 0, curve.size);
            BigInteger s = BigIntegers.fromUnsignedByteArray(signature, curve.size, curve.size);
            if (r.signum() == 0 || r.compareTo(n) >= 0 || s.signum() == 0 || s.compareTo(n) >= 0) {
                return false;
            }
            BigInteger e = curve.hashToInteger(signingInput);
            BigInteger w = BigIntegers.modOddInverseVar(n, s);
            BigInteger u1 = e.multiply(w).mod(n);
            BigInteger u2 = r.multiply(w).mod(n);
            ECPoint point = ECAlgorithms.sumOfTwoMultiplies(domain.getG(), u1, q, u2);
            if (point.isInfinity()) {
                return false;
            }
            ECCurve c = point.getCurve();
            // x = X / Z² in Jacobian coordinates, which BouncyCastle's custom P-256, P-384 and P-521
            // curves all use (were that to change, every check would fail, and the tests' vectors
            // with it): compare (r + k·n)·Z² with X for every r + k·n below p (k = 0, and k = 1 for
            // a rare r) instead of paying a field inversion to normalize.
            ECFieldElement zSquared = point.getZCoord(0).square();
            ECFieldElement x = point.getXCoord();
            for (BigInteger candidate = r; c.isValidFieldElement(candidate); candidate = candidate.add(n)) {
                if (c.fromBigInteger(candidate).multiply(zSquared).equals(x)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The three JWS curves (RFC 7518 §3.4), each with its algorithm and hash. A curve's parameters
     * are built on first use only (BouncyCastle precomputes multiples of the generator then): an
     * application that only sees P-384 keys never pays for P-256 and P-521.
     */
    enum Curve {
        P256("P-256", "ES256", "SHA-256", 32, 256),
        P384("P-384", "ES384", "SHA-384", 48, 384),
        P521("P-521", "ES512", "SHA-512", 66, 521);

        final String jwsName;
        final String alg;
        final String hash;
        /** Bytes of one coordinate, and of r and s in the JWS signature. */
        final int size;
        final int fieldBits;

        Curve(String jwsName, String alg, String hash, int size, int fieldBits) {
            this.jwsName = jwsName;
            this.alg = alg;
            this.hash = hash;
            this.size = size;
            this.fieldBits = fieldBits;
        }

        ECDomainParameters domain() {
            return switch (this) {
                case P256 -> P256Holder.DOMAIN;
                case P384 -> P384Holder.DOMAIN;
                case P521 -> P521Holder.DOMAIN;
            };
        }

        /** The curve of a JCA key, compared by its actual parameters, not by name. */
        static Curve of(ECParameterSpec spec) {
            int bits = spec.getCurve().getField().getFieldSize();
            for (Curve c : values()) {
                if (c.fieldBits != bits) {
                    continue;
                }
                ECDomainParameters d = c.domain();
                if (spec.getOrder().equals(d.getN())
                        && spec.getCofactor() == d.getH().intValueExact()
                        && spec.getCurve().getA().equals(d.getCurve().getA().toBigInteger())
                        && spec.getCurve().getB().equals(d.getCurve().getB().toBigInteger())
                        && spec.getGenerator().getAffineX().equals(d.getG().getAffineXCoord().toBigInteger())
                        && spec.getGenerator().getAffineY().equals(d.getG().getAffineYCoord().toBigInteger())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("the EC key is not on P-256, P-384 or P-521");
        }

        /**
         * SEC 1 §4.1.4 step 3: the hash as an integer. Its cut to the bit length of n never applies
         * here: each curve's hash is no longer than its n (SHA-256 and SHA-384 exactly as long,
         * SHA-512 shorter than P-521's 521 bits).
         */
        BigInteger hashToInteger(byte[] signingInput) {
            return new BigInteger(1, digest(hash).digest(signingInput));
        }

        private static ECDomainParameters load(String name) {
            X9ECParameters params = CustomNamedCurves.getByName(name);
            return new ECDomainParameters(params);
        }

        // Class initialization is lazy and thread-safe: each holder is built on its first use.
        private static final class P256Holder {
            static final ECDomainParameters DOMAIN = load("P-256");
        }

        private static final class P384Holder {
            static final ECDomainParameters DOMAIN = load("P-384");
        }

        private static final class P521Holder {
            static final ECDomainParameters DOMAIN = load("P-521");
        }
    }

    /** RSASSA-PKCS1-v1_5 and RSASSA-PSS through the JDK. */
    static final class RsaCheck implements SignatureCheck {
        /** RFC 7518 §3.3 and §3.5: keys of 2048 bits or more. */
        static final int MIN_BITS = 2048;
        private static final Map<String, String> PKCS1 = Map.of(
                "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");
        private static final Map<String, PSSParameterSpec> PSS = Map.of(
                "PS256", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1),
                "PS384", new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1),
                "PS512", new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));

        private final RSAPublicKey key;

        RsaCheck(RSAPublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(String alg, byte[] signingInput, byte[] signature) {
            if (alg == null || signingInput == null || signature == null
                    || key.getModulus().bitLength() < MIN_BITS) {
                return false;
            }
            try {
                Signature verifier;
                if (PKCS1.containsKey(alg)) {
                    verifier = Signature.getInstance(PKCS1.get(alg));
                } else if (PSS.containsKey(alg)) {
                    verifier = Signature.getInstance("RSASSA-PSS");
                    verifier.setParameter(PSS.get(alg));
                } else {
                    return false;
                }
                return jcaVerify(verifier, key, signingInput, signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
    }

    /** EdDSA (RFC 8037) through the JDK: Ed25519 and Ed448 keys, {@code alg} "EdDSA". */
    static final class EdDsaCheck implements SignatureCheck {
        private final EdECPublicKey key;

        EdDsaCheck(EdECPublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(String alg, byte[] signingInput, byte[] signature) {
            if (!"EdDSA".equals(alg) || signingInput == null || signature == null) {
                return false;
            }
            try {
                return jcaVerify(Signature.getInstance("EdDSA"), key, signingInput, signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
    }

    private static boolean jcaVerify(Signature verifier, PublicKey key, byte[] signingInput, byte[] signature)
            throws GeneralSecurityException {
        verifier.initVerify(key);
        verifier.update(signingInput);
        return verifier.verify(signature);
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is always available", e);
        }
    }
}
