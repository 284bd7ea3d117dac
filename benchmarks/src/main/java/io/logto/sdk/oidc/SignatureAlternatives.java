package io.logto.sdk.oidc;

import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.FixedPointUtil;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * The ES384 verifications compared by {@link SignatureBenchmark}: one P-384 key, one JWS signing
 * input shaped like a Logto ID token, one signature (JWS form: r || s, 96 bytes), checked by
 * <ul>
 *   <li>the JDK's default provider (SunEC),</li>
 *   <li>BouncyCastle's JCA provider (an instance handed to {@code Signature.getInstance}, never
 *       registered with {@code Security.addProvider}),</li>
 *   <li>BouncyCastle's low-level {@code ECDSASigner}, the public point decoded per call or once,</li>
 *   <li>the same math with both points multiplied by fixed-point combs (precomputed once per key),</li>
 *   <li>the SDK's {@link JwsSignatures} (BouncyCastle's curve arithmetic, point decoded and precomputed once).</li>
 * </ul>
 * Not thread-safe (the JCA {@code Signature} objects are reused); one instance per benchmark thread.
 */
final class SignatureAlternatives {
    static final X9ECParameters P384 = CustomNamedCurves.getByName("P-384");
    static final ECDomainParameters DOMAIN = new ECDomainParameters(P384);

    final byte[] signingInput;
    final byte[] jwsSignature;
    final ECPublicKey publicKey;
    private final Signature sunEc;
    private final Signature bcJca;
    private final ECPublicKeyParameters cachedPoint;
    private final ECPoint combQ;
    private final SignatureCheck sdk;
    private final FixedBaseProbe fixed4;
    private final FixedBaseProbe fixed5;
    private final BigInteger r;
    private final BigInteger s;

    SignatureAlternatives() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair pair = generator.generateKeyPair();
        publicKey = (ECPublicKey) pair.getPublic();
        String header = "{\"alg\":\"ES384\",\"typ\":\"JWT\",\"kid\":\"" + "k".repeat(43) + "\"}";
        String payload = "{\"sub\":\"user-alice\",\"name\":\"Alice Test\",\"email\":\"alice@example.com\","
                + "\"email_verified\":true,\"nonce\":\"" + "n".repeat(43) + "\",\"at_hash\":\"" + "h".repeat(22)
                + "\",\"aud\":\"web-app\",\"exp\":1764643200,\"iat\":1764639600,\"iss\":\"http://127.0.0.1:3211/oidc\"}";
        var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        signingInput = (b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA384withECDSAinP1363Format");
        signer.initSign(pair.getPrivate());
        signer.update(signingInput);
        jwsSignature = signer.sign();

        sunEc = Signature.getInstance("SHA384withECDSAinP1363Format");
        Provider bc = new BouncyCastleProvider();
        bcJca = Signature.getInstance("SHA384withPLAIN-ECDSA", bc);
        cachedPoint = decode(publicKey);
        combQ = cachedPoint.getQ();
        FixedPointUtil.precompute(combQ);
        FixedPointUtil.precompute(DOMAIN.getG());
        r = new BigInteger(1, Arrays.copyOfRange(jwsSignature, 0, 48));
        s = new BigInteger(1, Arrays.copyOfRange(jwsSignature, 48, 96));
        sdk = JwsSignatures.forKey(publicKey);
        fixed4 = new FixedBaseProbe(DOMAIN, cachedPoint.getQ(), 4);
        fixed5 = new FixedBaseProbe(DOMAIN, cachedPoint.getQ(), 5);
        if (!fixed4() || !fixed5()) {
            throw new IllegalStateException("fixed-base probe rejects a good signature");
        }
        if (!sdk() || !sunEc() || !bcJca() || !bcSignerDecodingEachTime() || !bcSignerCachedPoint() || !comb()) {
            throw new IllegalStateException("an implementation rejects a good signature");
        }
    }

    static ECPublicKeyParameters decode(ECPublicKey key) {
        ECPoint q = DOMAIN.getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY());
        return new ECPublicKeyParameters(q, DOMAIN);
    }

    /** The SDK's fast path ({@link JwsSignatures}), prepared once for the key. */
    boolean sdk() {
        return sdk.verify("ES384", signingInput, jwsSignature);
    }

    boolean fixed4() throws Exception {
        return fixed4.verify(signingInput, jwsSignature, 48);
    }

    boolean fixed5() throws Exception {
        return fixed5.verify(signingInput, jwsSignature, 48);
    }

    boolean sunEc() throws Exception {
        sunEc.initVerify(publicKey);
        sunEc.update(signingInput);
        return sunEc.verify(jwsSignature);
    }

    boolean bcJca() throws Exception {
        bcJca.initVerify(publicKey);
        bcJca.update(signingInput);
        return bcJca.verify(jwsSignature);
    }

    boolean bcSignerDecodingEachTime() {
        return bcSigner(decode(publicKey));
    }

    boolean bcSignerCachedPoint() {
        return bcSigner(cachedPoint);
    }

    private boolean bcSigner(ECPublicKeyParameters key) {
        var digest = new SHA384Digest();
        digest.update(signingInput, 0, signingInput.length);
        byte[] hash = new byte[48];
        digest.doFinal(hash, 0);
        var verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(hash, new BigInteger(1, Arrays.copyOfRange(jwsSignature, 0, 48)),
                new BigInteger(1, Arrays.copyOfRange(jwsSignature, 48, 96)));
    }

    /** ECDSA verification with u1·G and u2·Q each by a precomputed comb, then one addition. */
    boolean comb() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-384").digest(signingInput);
        BigInteger n = DOMAIN.getN();
        BigInteger rr = new BigInteger(1, Arrays.copyOfRange(jwsSignature, 0, 48));
        BigInteger ss = new BigInteger(1, Arrays.copyOfRange(jwsSignature, 48, 96));
        if (rr.signum() <= 0 || rr.compareTo(n) >= 0 || ss.signum() <= 0 || ss.compareTo(n) >= 0) {
            return false;
        }
        BigInteger e = new BigInteger(1, hash);
        BigInteger w = ss.modInverse(n);
        BigInteger u1 = e.multiply(w).mod(n);
        BigInteger u2 = rr.multiply(w).mod(n);
        var multiplier = new FixedPointCombMultiplier();
        ECPoint point = multiplier.multiply(DOMAIN.getG(), u1).add(multiplier.multiply(combQ, u2)).normalize();
        return !point.isInfinity() && point.getAffineXCoord().toBigInteger().mod(n).equals(rr);
    }

    /** Shamir's trick with wNAF (what ECDSASigner does), on the cached point; for reference. */
    boolean shamir() {
        BigInteger n = DOMAIN.getN();
        var digest = new SHA384Digest();
        digest.update(signingInput, 0, signingInput.length);
        byte[] hash = new byte[48];
        digest.doFinal(hash, 0);
        BigInteger w = s.modInverse(n);
        BigInteger u1 = new BigInteger(1, hash).multiply(w).mod(n);
        BigInteger u2 = r.multiply(w).mod(n);
        ECPoint point = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), u1, cachedPoint.getQ(), u2).normalize();
        return point.getAffineXCoord().toBigInteger().mod(n).equals(r);
    }
}
