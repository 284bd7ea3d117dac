package io.logto.sdk.oidc;

import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SigningKeys}' own reading of JWS ({@link CompactJws}) and its per-key checks: each
 * algorithm family, key selection with and without {@code kid} and by declared {@code alg}, and what
 * jose4j used to refuse for it (critical headers, duplicated members, mismatched keys).
 */
class SigningKeysTest {
    private static final String API = "https://api.example.com";
    private static FakeLogto shared;

    private FakeLogto logto;
    private TokenFactory tokens;
    private AccessTokenVerifier verifier;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        tokens = logto.tokens();
        var settings = ProviderSettings.of(logto.config());
        verifier = AccessTokenVerifier.create(settings, ProviderClients.defaultHttpClient(settings), logto.clock());
    }

    private void announce(String... algorithms) {
        var discovery = logto.discoveryDocument();
        discovery.put("id_token_signing_alg_values_supported", List.of(algorithms));
        logto.stubDiscovery(discovery);
    }

    private TokenFactory.Jwt accessToken() {
        return tokens.logtoAccessToken(API, "read:data");
    }

    private Map<String, Object> accepted(String token) {
        return verifier.verify(token).join();
    }

    private LogtoException.Code refused(String token) {
        return Failures.of(verifier.verify(token)).code();
    }

    @Test
    void everyAsymmetricFamilyVerifiesWhenTheProviderAnnouncesIt() throws Exception {
        OctetKeyPairJsonWebKey ed25519 = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
        ed25519.setKeyId("ed-1");
        var p256 = org.jose4j.jwk.EcJwkGenerator.generateJwk(org.jose4j.keys.EllipticCurves.P256);
        p256.setKeyId("p256-1");
        RsaJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("rsa-any-alg"); // no "alg" member: any RSA algorithm
        announce("RS256", "RS512", "PS256", "ES256", "ES384", "EdDSA");
        logto.publishKeys(TestKeys.RS256, rsa, TestKeys.ES384, ed25519, p256);

        assertThat(accepted(accessToken().signedWith(TestKeys.RS256, "RS256"))).containsEntry("aud", API);
        assertThat(accepted(accessToken().signedWith(rsa, "RS512"))).containsEntry("aud", API);
        assertThat(accepted(accessToken().signedWith(rsa, "PS256"))).containsEntry("aud", API);
        assertThat(accepted(accessToken().signedWith(p256, "ES256"))).containsEntry("aud", API);
        assertThat(accepted(accessToken().signedWith(TestKeys.ES384))).containsEntry("aud", API);
        assertThat(accepted(accessToken().signedWith(ed25519, "EdDSA"))).containsEntry("aud", API);
    }

    @Test
    void aTokenWithoutKidIsCheckedAgainstTheKeysThatCanVerifyIt() {
        logto.publishKeys(TestKeys.es384("other"), TestKeys.ES384);
        String token = accessToken().signedWith(TestKeys.ES384);
        String withoutKid = withHeader(token, "{\"alg\":\"ES384\",\"typ\":\"at+jwt\"}", TestKeys.ES384);

        assertThat(accepted(withoutKid)).containsEntry("aud", API);
    }

    @Test
    void anAlgorithmTheKeyCannotMakeIsRefusedAfterAtMostOneRefetch() {
        announce("ES256", "ES384");
        accepted(accessToken().signedWith(TestKeys.ES384));
        logto.clock().advance(java.time.Duration.ofMinutes(1));
        String token = accessToken().signedWith(TestKeys.ES384);
        String relabelled = withHeader(token, "{\"alg\":\"ES256\",\"kid\":\"" + TestKeys.ES384.getKeyId() + "\"}", null);

        assertThat(refused(relabelled)).isEqualTo(LogtoException.Code.ACCESS_TOKEN_SIGNATURE_INVALID);
        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isLessThanOrEqualTo(2);
    }

    @Test
    void aKeyThatDeclaresItsAlgorithmVerifiesThatOneOnly() {
        RsaJsonWebKey declared = TestKeys.rs256("declared");
        announce("RS256", "RS384");
        logto.publishKeys(declared);

        assertThat(accepted(accessToken().signedWith(declared, "RS256"))).containsKey("sub");
        assertThat(refused(accessToken().signedWith(declared, "RS384"))).isEqualTo(LogtoException.Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void aCriticalHeaderIsRefused() {
        String token = accessToken().header("crit", List.of("exp")).header("exp", 1).signedWith(TestKeys.ES384);

        assertThat(refused(token)).isEqualTo(LogtoException.Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void aDuplicatedClaimIsRefusedEvenWhenSigned() throws Exception {
        long now = logto.clock().epochSeconds();
        var jws = new JsonWebSignature();
        jws.setPayload("{\"iss\":\"" + logto.issuer() + "\",\"sub\":\"user-1\",\"sub\":\"admin\",\"client_id\":\"a\","
                + "\"aud\":\"" + API + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
        jws.setAlgorithmHeaderValue("ES384");
        jws.setKeyIdHeaderValue(TestKeys.ES384.getKeyId());
        jws.setHeader("typ", "at+jwt");
        jws.setKey(TestKeys.ES384.getPrivateKey());

        assertThat(refused(jws.getCompactSerialization())).isEqualTo(LogtoException.Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void aPayloadThatIsNotAJsonObjectIsRefused() throws Exception {
        var jws = new JsonWebSignature();
        jws.setPayload("[\"not\",\"claims\"]");
        jws.setAlgorithmHeaderValue("ES384");
        jws.setKeyIdHeaderValue(TestKeys.ES384.getKeyId());
        jws.setKey(TestKeys.ES384.getPrivateKey());

        assertThat(refused(jws.getCompactSerialization())).isEqualTo(LogtoException.Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void aTokenSignedByAnRsaKeyUnder2048BitsIsRefusedEvenWhenPublished() throws Exception {
        RsaJsonWebKey weak = RsaJwkGenerator.generateJwk(1024);
        weak.setKeyId("weak");
        announce("RS256");
        logto.publishKeys(weak);

        // jose4j will not sign with such a key: the JDK does, as a careless provider would.
        String unsigned = accessToken().header("kid", "weak").unsigned();
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"RS256\",\"kid\":\"weak\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
        String input = header + "." + unsigned.split("\\.")[1];
        var signature = java.security.Signature.getInstance("SHA256withRSA");
        signature.initSign(weak.getPrivateKey());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        String token = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());

        assertThat(refused(token)).isEqualTo(LogtoException.Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void theSameCheckServesIdTokens() {
        IdTokenVerifier idTokens = logto.providerClients().idTokens();

        assertThat(idTokens.verifyAfterRefresh(tokens.idToken().signedWith(TestKeys.ES384), java.util.Optional.empty())
                .join()).containsEntry("sub", TokenFactory.SUBJECT);
        assertThat(Failures.of(idTokens.verifyAfterRefresh(tokens.idToken().header("crit", List.of("x")).header("x", 1)
                .signedWith(TestKeys.ES384), java.util.Optional.empty())).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void aKeySetAnsweredWithAnErrorStatusIsNotUsedEvenWhenItsBodyIsAKeySet() throws Exception {
        // A proxy or a failing provider may answer 5xx with a body that parses: the status decides.
        var http = java.net.http.HttpClient.newHttpClient();
        String published = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(logto.endpoint() + FakeLogto.JWKS_PATH)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.JWKS_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)
                        .withHeader("Content-Type", "application/json").withBody(published)));

        LogtoException e = Failures.of(verifier.verify(accessToken().signedWith(TestKeys.ES384)));

        assertThat(e.code()).isEqualTo(LogtoException.Code.JWKS_FAILED);
        assertThat(e.httpStatus()).isEqualTo(503);
    }

    /** {@code token} with another header; re-signed with {@code key}, or keeping the old signature when null. */
    private static String withHeader(String token, String headerJson, org.jose4j.jwk.PublicJsonWebKey key) {
        String[] parts = token.split("\\.");
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(headerJson.getBytes(StandardCharsets.UTF_8));
        if (key == null) {
            return header + "." + parts[1] + "." + parts[2];
        }
        try {
            var signature = java.security.Signature.getInstance("SHA384withECDSAinP1363Format");
            signature.initSign(key.getPrivateKey());
            signature.update((header + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return header + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
