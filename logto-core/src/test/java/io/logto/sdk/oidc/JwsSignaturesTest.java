package io.logto.sdk.oidc;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JwsSignatures}: published vectors, and agreement with the JDK's own providers on good,
 * tampered and malformed signatures.
 */
class JwsSignaturesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    // RFC 7515 Appendix A.3: ES256 (its signature happens to be high-S).
    private static final String A3_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\","
            + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
            + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";
    private static final String A3_INPUT = "eyJhbGciOiJFUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    private static final String A3_SIGNATURE =
            "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

    // RFC 7520 §4.3: ES512 on P-521.
    private static final String COOKBOOK_JWK = "{\"kty\":\"EC\",\"crv\":\"P-521\","
            + "\"x\":\"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt\","
            + "\"y\":\"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1\"}";
    private static final String COOKBOOK_INPUT =
            "eyJhbGciOiJFUzUxMiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9"
            + ".SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9h"
            + "ZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3"
            + "ZXB0IG9mZiB0by4";
    private static final String COOKBOOK_SIGNATURE =
            "AE_R_YZCChjn4791jSQCrdPZCNYqHXCTZH0-JZGYNlaAjP2kqaluUIIUnC9qvbu9Plon7KRTzoNEuT4Va2cmL1eJAQy3mt"
            + "PBu_u_sDDyYjnAMDxXPn7XrT0lw-kvAD890jl8e2puQens_IEKBpHABlsbEPX6sFY8OcGDqoRuBomu9xQ2";

    @Test
    void rfc7515AppendixA3Es256VectorVerifiesAndItsTamperedFormsDoNot() throws Exception {
        SignatureCheck check = JwsSignatures.forKey(publicKey(A3_JWK));
        byte[] input = A3_INPUT.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = B64.decode(A3_SIGNATURE);

        assertThat(check.verify("ES256", input, signature)).isTrue();
        assertThat(check.verify("ES256", flip(input, 10), signature)).isFalse();
        assertThat(check.verify("ES256", input, flip(signature, 5))).isFalse();
        assertThat(check.verify("ES256", input, flip(signature, 40))).isFalse();
        assertThat(check.verify("ES384", input, signature)).isFalse();
        assertThat(check.verify("RS256", input, signature)).isFalse();
        // No input is no signed input: refused, not an exception out of the hash.
        assertThat(check.verify("ES256", null, signature)).isFalse();
    }

    @Test
    void rfc7520CookbookEs512VectorVerifiesAndItsTamperedFormsDoNot() throws Exception {
        SignatureCheck check = JwsSignatures.forKey(publicKey(COOKBOOK_JWK));
        byte[] input = COOKBOOK_INPUT.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = B64.decode(COOKBOOK_SIGNATURE);

        assertThat(signature).hasSize(132);
        assertThat(check.verify("ES512", input, signature)).isTrue();
        assertThat(check.verify("ES512", flip(input, input.length - 1), signature)).isFalse();
        assertThat(check.verify("ES512", input, flip(signature, 131))).isFalse();
        assertThat(check.verify("ES256", input, signature)).isFalse();
    }

    /** Curves with the JCA name, JWS alg, JCA P1363 algorithm and coordinate size. */
    enum Case {
        ES256("secp256r1", "SHA256withECDSAinP1363Format", 32),
        ES384("secp384r1", "SHA384withECDSAinP1363Format", 48),
        ES512("secp521r1", "SHA512withECDSAinP1363Format", 66);

        final String curve;
        final String jca;
        final int size;

        Case(String curve, String jca, int size) {
            this.curve = curve;
            this.jca = jca;
            this.size = size;
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void agreesWithTheJdkOnGoodTamperedAndMalformedSignatures(Case c) throws Exception {
        KeyPair pair = ecKeyPair(c.curve);
        SignatureCheck check = JwsSignatures.forKey(pair.getPublic());
        BigInteger n = ((ECPublicKey) pair.getPublic()).getParams().getOrder();
        int checked = 0;
        for (int i = 0; i < 12; i++) {
            byte[] input = randomInput();
            byte[] good = sign(c.jca, pair.getPrivate(), input);
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(good, 0, c.size));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(good, c.size, 2 * c.size));
            List<byte[]> signatures = List.of(
                    good,
                    flip(good, RANDOM.nextInt(good.length)),
                    jws(r, n.subtract(s), c.size),            // the high-S twin: valid for ECDSA
                    jws(s, r, c.size),                          // r and s swapped
                    jws(BigInteger.ZERO, s, c.size),
                    jws(r, BigInteger.ZERO, c.size),
                    jws(n, s, c.size),                          // r = n: out of range
                    jws(r, n, c.size),                          // s = n: out of range
                    jws(r.add(n).mod(BigInteger.TWO.pow(8 * c.size)), s, c.size),
                    Arrays.copyOf(good, good.length - 1),       // too short
                    Arrays.copyOf(good, good.length + 1),       // too long
                    new byte[0]);
            for (byte[] signature : signatures) {
                boolean expected = jcaVerify(c.jca, pair.getPublic(), input, signature);
                assertThat(check.verify(c.name(), input, signature))
                        .as("%s signature %s", c, Base64.getUrlEncoder().encodeToString(signature))
                        .isEqualTo(expected);
                checked++;
            }
            assertThat(check.verify(c.name(), flip(input, RANDOM.nextInt(input.length)), good)).isFalse();
        }
        assertThat(checked).isEqualTo(144);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void highSTwinIsAcceptedLikeTheJdkDoes(Case c) throws Exception {
        KeyPair pair = ecKeyPair(c.curve);
        byte[] input = randomInput();
        byte[] good = sign(c.jca, pair.getPrivate(), input);
        BigInteger n = ((ECPublicKey) pair.getPublic()).getParams().getOrder();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(good, 0, c.size));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(good, c.size, 2 * c.size));
        byte[] twin = jws(r, n.subtract(s), c.size);

        assertThat(jcaVerify(c.jca, pair.getPublic(), input, twin)).isTrue();
        assertThat(JwsSignatures.forKey(pair.getPublic()).verify(c.name(), input, twin)).isTrue();
    }

    @Test
    void signatureOfAnotherCurvesKeyIsRefused() throws Exception {
        KeyPair p256 = ecKeyPair("secp256r1");
        KeyPair p384 = ecKeyPair("secp384r1");
        byte[] input = randomInput();
        byte[] es256 = sign(Case.ES256.jca, p256.getPrivate(), input);
        byte[] es384 = sign(Case.ES384.jca, p384.getPrivate(), input);

        SignatureCheck p384Check = JwsSignatures.forKey(p384.getPublic());
        assertThat(p384Check.verify("ES256", input, es256)).isFalse();
        assertThat(p384Check.verify("ES384", input, es256)).isFalse();
        assertThat(JwsSignatures.forKey(p256.getPublic()).verify("ES384", input, es384)).isFalse();
        assertThat(JwsSignatures.forKey(p256.getPublic()).verify("ES256", input, es256)).isTrue();
    }

    @Test
    void keyWhosePointIsNotOnItsCurveIsRefused() throws Exception {
        ECPublicKey real = (ECPublicKey) ecKeyPair("secp384r1").getPublic();
        ECPoint w = real.getW();
        ECPublicKey offCurve = ecPublicKey(new ECPoint(w.getAffineX(), w.getAffineY().add(BigInteger.ONE)),
                real.getParams());

        assertThatThrownBy(() -> JwsSignatures.forKey(offCurve))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not on P-384");
    }

    @Test
    void keyOnACurveJwsDoesNotUseIsRefused() {
        // secp256k1 (ES256K): the JDK 17 cannot make such keys, so build one from its parameters.
        var k1 = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256k1");
        var spec = new ECParameterSpec(
                new EllipticCurve(new ECFieldFp(k1.getCurve().getField().getCharacteristic()),
                        k1.getCurve().getA().toBigInteger(), k1.getCurve().getB().toBigInteger()),
                new ECPoint(k1.getG().getAffineXCoord().toBigInteger(), k1.getG().getAffineYCoord().toBigInteger()),
                k1.getN(), k1.getH().intValueExact());

        assertThatThrownBy(() -> JwsSignatures.forKey(ecPublicKey(spec.getGenerator(), spec)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not on P-256, P-384 or P-521");
    }

    /**
     * The rare signature whose verification point R has x in [n, p): r = x - n, and the check must try
     * r + n (the loop's second candidate) to accept it, as SEC 1 §4.1.4 (x mod n = r) and
     * BouncyCastle's own ECDSASigner do. (The JDK 17's SunEC refuses it: it is no oracle here.) Its
     * twin with r' = x, outside [1, n-1], is refused by the range check alone: past it, r' names the
     * same point and matches x exactly. The key is made for the point: Q = r^-1 (s R - e G).
     */
    @ParameterizedTest
    @EnumSource(Case.class)
    void signatureWhosePointHasXAtLeastNVerifiesAndItsOutOfRangeTwinDoesNot(Case c) throws Exception {
        var domain = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName(curveName(c));
        BigInteger n = domain.getN();
        org.bouncycastle.math.ec.ECPoint point = null;
        BigInteger x = n;
        while (point == null) {
            x = x.add(BigInteger.ONE);
            try {
                point = domain.getCurve().decodePoint(compressed(x, domain.getCurve().getFieldSize()));
            } catch (IllegalArgumentException notOnCurve) {
                // no point with this x: try the next
            }
        }
        BigInteger r = x.subtract(n);
        byte[] input = randomInput();
        BigInteger e = hashToInteger(c, input, n);
        BigInteger s = new BigInteger(n.bitLength() - 1, RANDOM).add(BigInteger.ONE);
        org.bouncycastle.math.ec.ECPoint q = point.multiply(s).subtract(domain.getG().multiply(e))
                .multiply(r.modInverse(n)).normalize();
        PublicKey key = ecPublicKey(q, ecKeyPair(c.curve).getPublic());
        byte[] signature = jws(r, s, c.size);
        byte[] twin = jws(x, s, c.size);

        var reference = new org.bouncycastle.crypto.signers.ECDSASigner();
        reference.init(false, new org.bouncycastle.crypto.params.ECPublicKeyParameters(q,
                new org.bouncycastle.crypto.params.ECDomainParameters(domain)));
        byte[] digest = java.security.MessageDigest.getInstance(hashName(c)).digest(input);

        assertThat(reference.verifySignature(digest, r, s)).as("SEC 1, r = x - n").isTrue();
        assertThat(JwsSignatures.forKey(key).verify(c.name(), input, signature)).isTrue();
        assertThat(reference.verifySignature(digest, x, s)).as("SEC 1, r = x").isFalse();
        assertThat(JwsSignatures.forKey(key).verify(c.name(), input, twin)).isFalse();
    }

    /**
     * A key made so that the verification point u1·G + u2·Q is the point at infinity (Q = -(e/r)·G):
     * refused, as SEC 1 §4.1.4 step 5 asks, by the check for it.
     */
    @ParameterizedTest
    @EnumSource(Case.class)
    void signatureWhosePointIsAtInfinityIsRefused(Case c) throws Exception {
        var domain = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName(curveName(c));
        BigInteger n = domain.getN();
        byte[] input = randomInput();
        BigInteger e = hashToInteger(c, input, n);
        BigInteger r = new BigInteger(n.bitLength() - 1, RANDOM).add(BigInteger.ONE);
        BigInteger s = new BigInteger(n.bitLength() - 1, RANDOM).add(BigInteger.ONE);
        org.bouncycastle.math.ec.ECPoint q = domain.getG()
                .multiply(e.multiply(r.modInverse(n)).negate().mod(n)).normalize();
        PublicKey key = ecPublicKey(q, ecKeyPair(c.curve).getPublic());
        BigInteger w = s.modInverse(n);

        assertThat(domain.getG().multiply(e.multiply(w).mod(n)).add(q.multiply(r.multiply(w).mod(n))).isInfinity())
                .as("the verification point").isTrue();
        assertThat(JwsSignatures.forKey(key).verify(c.name(), input, jws(r, s, c.size))).isFalse();
    }

    /**
     * A key whose curve shares the field size of P-256, P-384 or P-521 but differs in one parameter
     * is not that curve: each parameter is compared (an order, cofactor, a, b or generator of another
     * curve would make every check's arithmetic wrong).
     */
    @ParameterizedTest
    @ValueSource(strings = {"order", "cofactor", "a", "b", "gx", "gy"})
    void keyOnACurveThatDiffersInOneParameterIsRefused(String parameter) throws Exception {
        ECPublicKey real = (ECPublicKey) ecKeyPair("secp256r1").getPublic();
        ECParameterSpec p = real.getParams();
        EllipticCurve curve = p.getCurve();
        BigInteger one = BigInteger.ONE;
        EllipticCurve changedCurve = switch (parameter) {
            case "a" -> new EllipticCurve(curve.getField(), curve.getA().add(one), curve.getB());
            case "b" -> new EllipticCurve(curve.getField(), curve.getA(), curve.getB().add(one));
            default -> curve;
        };
        ECPoint g = p.getGenerator();
        ECPoint changedG = switch (parameter) {
            case "gx" -> new ECPoint(g.getAffineX().add(one), g.getAffineY());
            case "gy" -> new ECPoint(g.getAffineX(), g.getAffineY().add(one));
            default -> g;
        };
        var changed = new ECParameterSpec(changedCurve, changedG,
                parameter.equals("order") ? p.getOrder().add(BigInteger.TWO) : p.getOrder(),
                parameter.equals("cofactor") ? 2 : p.getCofactor());

        assertThatThrownBy(() -> JwsSignatures.forKey(ecPublicKey(real.getW(), changed)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the EC key is not on P-256, P-384 or P-521");
        assertThat(JwsSignatures.forKey(ecPublicKey(real.getW(), p))).as("the unchanged parameters").isNotNull();
    }

    private static String curveName(Case c) {
        return switch (c) {
            case ES256 -> "P-256";
            case ES384 -> "P-384";
            case ES512 -> "P-521";
        };
    }

    private static String hashName(Case c) {
        return "SHA-" + c.jca.substring(3, 6);
    }

    /** SEC 1 §4.1.4 step 3, written out again: the test's own e, not the code's. */
    private static BigInteger hashToInteger(Case c, byte[] input, BigInteger n) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance(hashName(c)).digest(input);
        BigInteger e = new BigInteger(1, digest);
        int excess = digest.length * 8 - n.bitLength();
        return excess > 0 ? e.shiftRight(excess) : e;
    }

    private static byte[] compressed(BigInteger x, int fieldBits) {
        int size = (fieldBits + 7) / 8;
        byte[] out = new byte[1 + size];
        out[0] = 0x02;
        put(x, out, 1, size);
        return out;
    }

    /** A JCA key for BouncyCastle's point {@code q}, on the curve of {@code like}. */
    private static PublicKey ecPublicKey(org.bouncycastle.math.ec.ECPoint q, PublicKey like) throws Exception {
        var spec = new java.security.spec.ECPublicKeySpec(new ECPoint(q.getAffineXCoord().toBigInteger(),
                q.getAffineYCoord().toBigInteger()), ((ECPublicKey) like).getParams());
        return java.security.KeyFactory.getInstance("EC").generatePublic(spec);
    }

    /** An EC public key the JDK's key factory might refuse to build, to reach the checks' own validation. */
    private static ECPublicKey ecPublicKey(ECPoint w, ECParameterSpec params) {
        return new ECPublicKey() {
            private static final long serialVersionUID = 1L;

            @Override
            public ECPoint getW() {
                return w;
            }

            @Override
            public ECParameterSpec getParams() {
                return params;
            }

            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return "X.509";
            }

            @Override
            public byte[] getEncoded() {
                return new byte[0];
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
    void rsaSignaturesAreCheckedByTheJdk(String alg) throws Exception {
        KeyPair pair = rsaKeyPair(2048);
        byte[] input = randomInput();
        byte[] signature = signRsa(alg, pair.getPrivate(), input);
        SignatureCheck check = JwsSignatures.forKey(pair.getPublic());

        assertThat(check.verify(alg, input, signature)).isTrue();
        assertThat(check.verify(alg, flip(input, 3), signature)).isFalse();
        assertThat(check.verify(alg, input, flip(signature, 100))).isFalse();
        assertThat(check.verify(alg.startsWith("RS") ? "PS256" : "RS256", input, signature)).isFalse();
        assertThat(check.verify("ES256", input, signature)).isFalse();
        // The JDK throws for a signature of the wrong length: the check answers false, never true.
        assertThat(check.verify(alg, input, Arrays.copyOf(signature, signature.length - 1))).isFalse();
    }

    @Test
    void rsaKeysUnder2048BitsAreRefused() throws Exception {
        KeyPair pair = rsaKeyPair(1024);
        byte[] input = randomInput();
        byte[] signature = signRsa("RS256", pair.getPrivate(), input);

        assertThat(jcaVerify("SHA256withRSA", pair.getPublic(), input, signature)).isTrue();
        assertThat(JwsSignatures.forKey(pair.getPublic()).verify("RS256", input, signature)).isFalse();
    }

    @Test
    void ed25519SignaturesAreCheckedByTheJdk() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] input = randomInput();
        byte[] signature = sign("Ed25519", pair.getPrivate(), input);
        SignatureCheck check = JwsSignatures.forKey(pair.getPublic());

        assertThat(check.verify("EdDSA", input, signature)).isTrue();
        assertThat(check.verify("EdDSA", flip(input, 0), signature)).isFalse();
        assertThat(check.verify("ES256", input, signature)).isFalse();
        // The JDK throws for a signature of the wrong length: the check answers false, never true.
        assertThat(check.verify("EdDSA", input, Arrays.copyOf(signature, 10))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "", "es384", "ES384 "})
    void algorithmsOutsideTheKeysFamilyAreRefused(String alg) throws Exception {
        KeyPair pair = ecKeyPair("secp384r1");
        byte[] input = randomInput();
        byte[] signature = sign(Case.ES384.jca, pair.getPrivate(), input);

        assertThat(JwsSignatures.forKey(pair.getPublic()).verify(alg, input, signature)).isFalse();
        assertThat(JwsSignatures.forKey(pair.getPublic()).verify(null, input, signature)).isFalse();
        assertThat(JwsSignatures.forKey(pair.getPublic()).verify("ES384", input, null)).isFalse();
    }

    @Test
    void usingTheChecksLeavesTheJvmsProviderListAlone() throws Exception {
        List<String> before = Arrays.stream(Security.getProviders()).map(java.security.Provider::getName).toList();
        KeyPair pair = ecKeyPair("secp384r1");
        byte[] input = randomInput();
        JwsSignatures.forKey(pair.getPublic()).verify("ES384", input, sign(Case.ES384.jca, pair.getPrivate(), input));

        assertThat(Arrays.stream(Security.getProviders()).map(java.security.Provider::getName).toList())
                .isEqualTo(before)
                .doesNotContain("BC");
    }

    @Test
    void oneCheckIsSafeToShareBetweenThreads() throws Exception {
        KeyPair pair = ecKeyPair("secp384r1");
        SignatureCheck check = JwsSignatures.forKey(pair.getPublic());
        byte[] input = randomInput();
        byte[] good = sign(Case.ES384.jca, pair.getPrivate(), input);
        byte[] bad = flip(good, 7);
        var failures = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    if (!check.verify("ES384", input, good) || check.verify("ES384", input, bad)) {
                        failures.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).hasValue(0);
    }

    private static PublicKey publicKey(String jwk) throws Exception {
        return ((PublicJsonWebKey) JsonWebKey.Factory.newJwk(jwk)).getPublicKey();
    }

    private static KeyPair ecKeyPair(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeyPair(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static byte[] randomInput() {
        byte[] input = new byte[64 + RANDOM.nextInt(600)];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) ('A' + RANDOM.nextInt(26));
        }
        return input;
    }

    private static byte[] sign(String jca, PrivateKey key, byte[] input) throws Exception {
        Signature signer = Signature.getInstance(jca);
        signer.initSign(key);
        signer.update(input);
        return signer.sign();
    }

    private static byte[] signRsa(String alg, PrivateKey key, byte[] input) throws Exception {
        int bits = Integer.parseInt(alg.substring(2));
        if (alg.startsWith("RS")) {
            return sign("SHA" + bits + "withRSA", key, input);
        }
        Signature signer = Signature.getInstance("RSASSA-PSS");
        signer.setParameter(new PSSParameterSpec("SHA-" + bits, "MGF1", new MGF1ParameterSpec("SHA-" + bits),
                bits / 8, 1));
        signer.initSign(key);
        signer.update(input);
        return signer.sign();
    }

    private static boolean jcaVerify(String jca, PublicKey key, byte[] input, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(jca);
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }

    /** r || s, each left-padded to {@code size} bytes (the JWS form). */
    private static byte[] jws(BigInteger r, BigInteger s, int size) {
        byte[] out = new byte[2 * size];
        put(r, out, 0, size);
        put(s, out, size, size);
        return out;
    }

    private static void put(BigInteger value, byte[] out, int offset, int size) {
        byte[] bytes = value.toByteArray();
        int start = Math.max(0, bytes.length - size);
        int length = bytes.length - start;
        System.arraycopy(bytes, start, out, offset + size - length, length);
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
