package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IdTokenVerifier}: OIDC Core §3.1.3.7 with really signed and forged tokens. */
class IdTokenVerifierTest {
    /** One fake tenant for the class, reset before each test. */
    private static FakeLogto shared;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    private static final String NONCE = "nonce-5e1f";

    private FakeLogto logto;
    private ProviderClients clients;
    private TokenFactory tokens;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        clients = logto.providerClients();
        tokens = logto.tokens();
    }


    private TokenFactory.Jwt idToken() {
        return tokens.idToken().claim("nonce", NONCE);
    }

    private Map<String, Object> verify(String token) {
        return clients.idTokens().verifyAfterSignIn(token, NONCE).join();
    }

    private LogtoException rejected(String token) {
        return Failures.of(clients.idTokens().verifyAfterSignIn(token, NONCE));
    }

    private int jwksRequests() {
        return logto.count("GET", FakeLogto.JWKS_PATH);
    }

    @Test
    void verifyWhenSignedByPublishedEs384KeyThenClaimsReturned() {
        Map<String, Object> claims = verify(idToken().signedWith(TestKeys.ES384));

        assertThat(claims).containsEntry("sub", TokenFactory.SUBJECT).containsEntry("nonce", NONCE);
    }

    @Test
    void verifyWhenProviderSignsRs256ThenAccepted() {
        var doc = logto.discoveryDocument();
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        logto.stubDiscovery(doc);
        logto.publishKeys(TestKeys.RS256);

        assertThat(verify(idToken().signedWith(TestKeys.RS256))).containsEntry("sub", TokenFactory.SUBJECT);
    }

    @Test
    void verifyWhenDiscoveryOmitsAlgorithmsThenRs256IsTheDefault() {
        var doc = logto.discoveryDocument();
        doc.remove("id_token_signing_alg_values_supported");
        logto.stubDiscovery(doc);
        logto.publishKeys(TestKeys.ES384, TestKeys.RS256);

        assertThat(verify(idToken().signedWith(TestKeys.RS256))).containsEntry("sub", TokenFactory.SUBJECT);
        assertThat(rejected(idToken().signedWith(TestKeys.ES384)).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenTheHeaderNamesCriticalExtensionsThenRejectedWithoutRefetch() {
        int before = jwksRequests();
        String token = idToken().header("crit", List.of("exp")).header("exp", 1_700_000_000L)
                .signedWith(TestKeys.ES384);

        assertThat(rejected(token).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(jwksRequests()).isLessThanOrEqualTo(before + 1); // the first fetch, never a refetch
    }

    @Test
    void verifyWhenTheTokenHasNoKidThenThePublishedKeyOfItsTypeIsUsed() throws Exception {
        var withoutKid = (org.jose4j.jwk.PublicJsonWebKey) org.jose4j.jwk.JsonWebKey.Factory.newJwk(
                TestKeys.ES384.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        withoutKid.setKeyId(null);
        String token = idToken().signedWith(withoutKid);

        String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(header).doesNotContain("\"kid\"");
        assertThat(verify(token)).containsEntry("sub", TokenFactory.SUBJECT);
        assertThat(rejected(idToken().signedWith(TestKeys.es384(null))).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenSignedByAnotherKeyWithThePublishedKidThenRejected() {
        EllipticCurveJsonWebKey attacker = TestKeys.es384(TestKeys.ES384.getKeyId());

        assertThat(rejected(idToken().signedWith(attacker)).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenSignedByUnpublishedKeyThenRejected() {
        assertThat(rejected(idToken().signedWith(TestKeys.es384("attacker"))).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenAlgNoneThenRejected() {
        assertThat(rejected(idToken().unsigned()).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(rejected(idToken().header("kid", TestKeys.ES384.getKeyId()).unsigned()).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenHs256KeyedWithPublicKeyThenRejected() {
        assertThat(rejected(idToken().hmacWithPublicKey(TestKeys.ES384)).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenHs256AndProviderAnnouncesHs256ThenStillRejected() {
        var doc = logto.discoveryDocument();
        doc.put("id_token_signing_alg_values_supported", List.of("HS256", "ES384"));
        logto.stubDiscovery(doc);

        assertThat(rejected(idToken().hmacWithPublicKey(TestKeys.ES384)).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenAlgorithmNotInProvidersListThenRejected() {
        // The RSA key is published, but the provider says it signs only with ES384.
        logto.publishKeys(TestKeys.ES384, TestKeys.RS256);

        assertThat(rejected(idToken().signedWith(TestKeys.RS256)).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenProviderAnnouncesOnlyHmacOrNoneThenRejected() {
        var doc = logto.discoveryDocument();
        doc.put("id_token_signing_alg_values_supported", List.of("none", "HS256"));
        logto.stubDiscovery(doc);

        assertThat(rejected(idToken().unsigned()).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenIssIsWrongThenRejected() {
        LogtoException e = rejected(idToken().claim("iss", "https://evil.example/oidc").signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(e.getMessage()).contains("iss");
    }

    @Test
    void verifyWhenIssHasTrailingSlashThenRejected() {
        assertThat(rejected(idToken().claim("iss", logto.issuer() + "/").signedWith(TestKeys.ES384)).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenAudIsWrongThenRejected() {
        LogtoException e = rejected(idToken().claim("aud", "another-app").signedWith(TestKeys.ES384));

        assertThat(e.getMessage()).contains("aud");
    }

    @Test
    void verifyWhenMultipleAudWithoutAzpThenRejected() {
        LogtoException e = rejected(idToken().claim("aud", List.of(FakeLogto.APP_ID, "another-app"))
                .signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(e.getMessage()).contains("azp");
    }

    @Test
    void verifyWhenAnUntrustedExtraAudienceEvenWithOurAzpThenRejected() {
        // §3.1.3.7 step 3: a token issued for another party as well is not for us alone.
        LogtoException e = rejected(idToken().claim("aud", List.of(FakeLogto.APP_ID, "another-app"))
                .claim("azp", FakeLogto.APP_ID).signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(e.getMessage()).contains("aud lists an audience this app does not trust").doesNotContain("another-app");
    }

    @Test
    void verifyWhenTheExtraAudienceIsTrustedAndAzpIsOursThenAccepted() {
        var trusting = logto.providerClients(logto.configBuilder().trustedAudiences(List.of("another-app")).build());

        assertThat(trusting.idTokens().verifyAfterSignIn(idToken().claim("aud", List.of(FakeLogto.APP_ID, "another-app"))
                .claim("azp", FakeLogto.APP_ID).signedWith(TestKeys.ES384), NONCE).join()).containsKey("azp");
    }

    @Test
    void verifyWhenOnlyATrustedAudienceButNotOursThenRejected() {
        var trusting = logto.providerClients(logto.configBuilder().trustedAudiences(List.of("another-app")).build());

        LogtoException e = Failures.of(trusting.idTokens().verifyAfterSignIn(idToken().claim("aud", "another-app")
                .signedWith(TestKeys.ES384), NONCE));

        assertThat(e.getMessage()).contains("aud does not contain this app's id");
    }

    @Test
    void verifyWhenAzpIsAnotherAppThenRejected() {
        assertThat(rejected(idToken().claim("azp", "another-app").signedWith(TestKeys.ES384)).getMessage())
                .contains("azp");
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenRejected() {
        LogtoException e = rejected(idToken().claim("exp", logto.clock().epochSeconds() - 61).signedWith(TestKeys.ES384));

        assertThat(e.getMessage()).contains("expired");
    }

    @Test
    void verifyWhenExpiredWithinSkewThenAccepted() {
        assertThat(verify(idToken().claim("exp", logto.clock().epochSeconds() - 59).signedWith(TestKeys.ES384)))
                .containsKey("exp");
    }

    @Test
    void verifyWhenIssuedInTheFutureBeyondSkewThenRejected() {
        long now = logto.clock().epochSeconds();
        LogtoException e = rejected(idToken().claim("iat", now + 61).claim("exp", now + 3600).signedWith(TestKeys.ES384));

        assertThat(e.getMessage()).contains("iat");
    }

    @Test
    void verifyWhenIssuedIn1970ThoughNotExpiredThenRejected() {
        LogtoException e = rejected(idToken().claim("iat", 0).claim("exp", 4_102_444_800L).signedWith(TestKeys.ES384));

        assertThat(e.getMessage()).contains("iat is older than maxIdTokenAge");
    }

    @Test
    void verifyWhenIssuedLongerAgoThanMaxIdTokenAgeThenRejectedWithinThenAccepted() {
        long now = logto.clock().epochSeconds();
        long bound = LogtoConfig.DEFAULT_MAX_ID_TOKEN_AGE.plus(LogtoConfig.DEFAULT_CLOCK_SKEW).toSeconds();

        assertThat(rejected(idToken().claim("iat", now - bound - 1).signedWith(TestKeys.ES384)).getMessage())
                .contains("iat");
        assertThat(verify(idToken().claim("iat", now - bound).signedWith(TestKeys.ES384))).containsKey("iat");
    }

    @Test
    void verifyWhenMaxIdTokenAgeConfiguredThenItIsTheBound() {
        long now = logto.clock().epochSeconds();
        var patient = logto.providerClients(logto.configBuilder().maxIdTokenAge(Duration.ofHours(2)).build());

        assertThat(patient.idTokens().verifyAfterSignIn(idToken().claim("iat", now - 3600).signedWith(TestKeys.ES384),
                NONCE)
                .join()).containsKey("iat");
    }

    @Test
    void verifyWhenMaxAgeWasAskedAndAuthTimeIsTooOldThenRejected() {
        long now = logto.clock().epochSeconds();
        String token = idToken().claim("auth_time", now - 600 - 61).signedWith(TestKeys.ES384);

        LogtoException e = Failures.of(clients.idTokens().verifyAfterSignIn(token, NONCE, OptionalLong.of(600)));

        assertThat(e.getMessage()).contains("auth_time is older than the max_age");
    }

    @Test
    void verifyWhenMaxAgeWasAskedAndAuthTimeIsMissingThenRejected() {
        LogtoException e = Failures.of(clients.idTokens().verifyAfterSignIn(idToken().signedWith(TestKeys.ES384), NONCE,
                OptionalLong.of(600)));

        assertThat(e.getMessage()).contains("auth_time is missing");
    }

    @Test
    void verifyWhenMaxAgeWasAskedAndAuthTimeIsRecentEnoughThenAccepted() {
        long now = logto.clock().epochSeconds();
        String token = idToken().claim("auth_time", now - 600 - 59).signedWith(TestKeys.ES384);

        assertThat(clients.idTokens().verifyAfterSignIn(token, NONCE, OptionalLong.of(600)).join()).containsKey("auth_time");
    }

    @Test
    void verifyWhenNoMaxAgeWasAskedThenAuthTimeIsNotRequired() {
        assertThat(verify(idToken().claim("auth_time", 0).signedWith(TestKeys.ES384))).containsKey("auth_time");
    }

    @Test
    void verifyWhenIssuedInTheFutureWithinSkewThenAccepted() {
        long now = logto.clock().epochSeconds();
        assertThat(verify(idToken().claim("iat", now + 59).signedWith(TestKeys.ES384))).containsKey("iat");
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "iat", "sub", "iss", "aud"})
    void verifyWhenRequiredClaimIsMissingThenRejected(String claim) {
        assertThat(rejected(idToken().without(claim).signedWith(TestKeys.ES384)).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenExpIsAStringThenRejected() {
        assertThat(rejected(idToken().claim("exp", "99999999999").signedWith(TestKeys.ES384)).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenNonceIsWrongThenRejected() {
        assertThat(rejected(idToken().claim("nonce", "other").signedWith(TestKeys.ES384)).getMessage())
                .contains("nonce");
    }

    @Test
    void verifyWhenNonceIsMissingThenRejected() {
        assertThat(rejected(idToken().without("nonce").signedWith(TestKeys.ES384)).getMessage()).contains("nonce");
    }

    @Test
    void verifyWhenNonceIsNotAStringThenRejected() {
        assertThat(rejected(idToken().claim("nonce", List.of(NONCE)).signedWith(TestKeys.ES384)).getMessage())
                .contains("nonce");
    }

    @Test
    void verifyWhenRefreshedTokenNamesAnotherSubjectThenRejected() {
        String token = tokens.idToken().signedWith(TestKeys.ES384);

        LogtoException e = Failures.of(clients.idTokens().verifyAfterRefresh(token, java.util.Optional.of("someone-else")));

        assertThat(e.getMessage()).contains("sub");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "a..c", "eyJ.eyJ.!!!", "a.b.c\n", "ä.b.c", "e30.e30.e30",
            "eyJhbGciOiJFUzM4NCJ9.bm90IGpzb24.c2ln"})
    void verifyWhenMalformedThenRejectedWithoutCrashing(String token) {
        assertThat(rejected(token).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenNullThenRejected() {
        assertThat(rejected(null).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenOversizedThenRejectedWithoutAnyRequest() {
        String huge = idToken().claim("padding", "x".repeat(IdTokenVerifier.MAX_TOKEN_CHARS)).signedWith(TestKeys.ES384);

        assertThat(rejected(huge).getMessage()).contains("longer");
        assertThat(jwksRequests()).isZero();
    }

    /** What {@link IdTokenVerifier#checkShape} throws, or "" when it lets the token through. */
    private static String shapeRejection(String token) {
        try {
            IdTokenVerifier.checkShape(token, why -> new LogtoException(LogtoException.Code.ID_TOKEN_INVALID, why));
            return "";
        } catch (LogtoException e) {
            return e.getMessage();
        }
    }

    @Test
    void checkShapeWhenTheTokenIsExactlyTheMaximumLengthThenLetThroughAndOneMoreIsTooLong() {
        String exactly = "a".repeat(IdTokenVerifier.MAX_TOKEN_CHARS - 4) + ".b.c";

        assertThat(exactly).hasSize(IdTokenVerifier.MAX_TOKEN_CHARS);
        assertThat(shapeRejection(exactly)).isEmpty();
        assertThat(shapeRejection("a" + exactly)).isEqualTo("it is longer than " + IdTokenVerifier.MAX_TOKEN_CHARS + " characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b.c!", "a.b.c=", "a+b.c.d", "ä.b.c", "a.b.c ", "a/b.c.d", "a.b.c\u0000"})
    void checkShapeWhenACharacterIsOutsideBase64urlThenTheShapeCheckItselfRefusesIt(String token) {
        // Refused here, before CompactJws or a key is looked at: a later layer must not be what stops it.
        assertThat(shapeRejection(token)).isEqualTo("it is not a compact JWS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b", "a.b.c.d", "...", "a.b.c."})
    void checkShapeWhenTheTokenDoesNotHaveExactlyTwoDotsThenTheShapeCheckItselfRefusesIt(String token) {
        assertThat(shapeRejection(token)).isEqualTo("it is not a compact JWS");
    }

    @Test
    void checkShapeWhenEveryBase64urlCharacterIsUsedThenLetThrough() {
        assertThat(shapeRejection("ABCXYZabcxyz.0189-_.a")).isEmpty();
    }

    @Test
    void checkShapeWhenEmptyOrNullThenEmpty() {
        assertThat(shapeRejection("")).isEqualTo("it is empty");
        assertThat(shapeRejection(null)).isEqualTo("it is empty");
    }

    @Test
    void verifyWhenTheProviderAnnouncesNoAsymmetricAlgorithmThenRejectedForThatBeforeAnyKeyIsFetched() {
        var doc = logto.discoveryDocument();
        doc.put("id_token_signing_alg_values_supported", List.of("none", "HS256"));
        logto.stubDiscovery(doc);

        LogtoException e = rejected(idToken().signedWith(TestKeys.ES384));

        assertThat(e.getMessage()).contains("the provider announces no supported asymmetric signing algorithm");
        assertThat(jwksRequests()).isZero();
    }

    @Test
    void verifyWhenAKnownKidCarriesABadSignatureThenNoJwksRefetch() {
        verify(idToken().signedWith(TestKeys.ES384));
        logto.clock().advance(Duration.ofMinutes(5)); // a refetch would be allowed now

        LogtoException e = rejected(idToken().signedWith(TestKeys.es384(TestKeys.ES384.getKeyId())));

        assertThat(e.getMessage()).contains("its signature or format is invalid");
        assertThat(jwksRequests()).as("a known kid never costs a refetch").isEqualTo(1);
    }

    @Test
    void verifyWhenAnUnknownKidAppearsThenExactlyOneRefetchAndTheKeyIsNamedUnpublished() {
        verify(idToken().signedWith(TestKeys.ES384));
        logto.clock().advance(Duration.ofMinutes(5));

        LogtoException e = rejected(idToken().signedWith(TestKeys.es384("unknown-kid")));

        assertThat(e.getMessage()).contains("it is signed by a key the provider does not publish");
        assertThat(jwksRequests()).isEqualTo(2);
    }

    @Test
    void verifyWhenTamperedPayloadThenRejected() {
        String[] parts = idToken().signedWith(TestKeys.ES384).split("\\.");
        String evil = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"" + logto.issuer() + "\",\"sub\":\"admin\",\"aud\":\"" + FakeLogto.APP_ID + "\"}").getBytes());

        assertThat(rejected(parts[0] + "." + evil + "." + parts[2]).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void verifyWhenManyTokensThenKeysAreFetchedOnce() {
        for (int i = 0; i < 20; i++) {
            verify(idToken().claim("i", i).signedWith(TestKeys.ES384));
        }

        assertThat(jwksRequests()).isEqualTo(1);
        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(1);
    }

    @Test
    void verifyWhenKeyRotatedThenNewKeyAcceptedAfterOneRefetch() {
        verify(idToken().signedWith(TestKeys.ES384));
        EllipticCurveJsonWebKey rotated = TestKeys.es384("es384-next");
        logto.publishKeys(TestKeys.ES384, rotated);
        logto.clock().advance(Duration.ofMinutes(5)); // the cached set is older than the refetch interval

        assertThat(verify(idToken().signedWith(rotated))).containsEntry("sub", TokenFactory.SUBJECT);
        assertThat(verify(idToken().signedWith(rotated))).containsEntry("sub", TokenFactory.SUBJECT);
        assertThat(jwksRequests()).isEqualTo(2);
    }

    @Test
    void verifyWhenOldKeyRemovedAfterRotationThenOldTokensRejected() {
        verify(idToken().signedWith(TestKeys.ES384));
        RsaJsonWebKey unused = TestKeys.RS256;
        EllipticCurveJsonWebKey rotated = TestKeys.es384("es384-next");
        logto.publishKeys(rotated);
        logto.clock().advance(Duration.ofMinutes(5));

        verify(idToken().signedWith(rotated));

        assertThat(rejected(idToken().signedWith(TestKeys.ES384)).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(unused.getKeyId()).isNotNull();
    }

    @Test
    void verifyWhenUnknownKidStormThenAtMostOneJwksRequestPerInterval() {
        verify(idToken().signedWith(TestKeys.ES384));
        logto.clock().advance(Duration.ofMinutes(5));

        var futures = new ArrayList<CompletableFuture<Map<String, Object>>>();
        for (int i = 0; i < 50; i++) {
            futures.add(clients.idTokens().verifyAfterSignIn(idToken().signedWith(TestKeys.es384("made-up-" + i)), NONCE));
        }
        futures.forEach(f -> assertThat(Failures.of(f).code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID));
        for (int i = 0; i < 50; i++) {
            rejected(idToken().header("kid", "made-up-again-" + i).signedWith(TestKeys.es384("x")));
        }

        assertThat(jwksRequests()).isEqualTo(2);

        logto.clock().advance(config().jwksRefetchInterval().plusSeconds(1));
        rejected(idToken().signedWith(TestKeys.es384("after-the-interval")));
        assertThat(jwksRequests()).isEqualTo(3);
    }

    @Test
    void verifyWhenForgedAlgorithmsThenNoJwksRefetch() {
        verify(idToken().signedWith(TestKeys.ES384));
        logto.clock().advance(Duration.ofMinutes(5));

        rejected(idToken().unsigned());
        rejected(idToken().hmacWithPublicKey(TestKeys.ES384));

        assertThat(jwksRequests()).as("forged algorithms must not spend the refetch budget").isEqualTo(1);
    }

    @Test
    void verifyWhenJwksUnreachableThenJwksFailed() {
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.JWKS_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));

        assertThat(rejected(idToken().signedWith(TestKeys.ES384)).code()).isEqualTo(LogtoException.Code.JWKS_FAILED);
    }

    @Test
    void verifyWhenJwksFailsDuringRefetchThenCachedKeysStillWork() {
        verify(idToken().signedWith(TestKeys.ES384));
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.JWKS_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        logto.clock().advance(Duration.ofMinutes(5));

        rejected(idToken().signedWith(TestKeys.es384("unknown")));

        assertThat(verify(idToken().signedWith(TestKeys.ES384))).containsEntry("sub", TokenFactory.SUBJECT);
    }

    @Test
    void verifyWhenJwksIsDownAndUnknownKidStormThenAtMostOneJwksRequestPerInterval() {
        verify(idToken().signedWith(TestKeys.ES384));
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.JWKS_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        logto.clock().advance(Duration.ofMinutes(5));

        for (int i = 0; i < 20; i++) {
            rejected(idToken().signedWith(TestKeys.es384("made-up-" + i)));
        }

        assertThat(jwksRequests()).isEqualTo(2);
        assertThat(verify(idToken().signedWith(TestKeys.ES384))).containsEntry("sub", TokenFactory.SUBJECT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"keys\":[]}", "{\"keys\":\"x\"}", "{\"keys\":[1,\"a\"]}", "[]", "{}",
            "{\"keys\":[{\"kty\":\"EC\"}]}", "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"!\",\"y\":1}]}",
            "{\"keys\":[{\"kty\":\"RSA\",\"n\":{},\"e\":[]}]}", "{\"keys\":null}"})
    void verifyWhenJwksIsUnusableThenJwksFailed(String body) {
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.JWKS_PATH))
                .willReturn(FakeLogto.jsonResponse(200, body)));

        assertThat(rejected(idToken().signedWith(TestKeys.ES384)).code()).isEqualTo(LogtoException.Code.JWKS_FAILED);
    }

    @Test
    void verifyWhenJwksHasEncryptionKeysOnlyThenJwksFailed() {
        var enc = TestKeys.es384("enc-key");
        enc.setUse("enc");
        logto.publishKeys(enc);

        assertThat(rejected(idToken().signedWith(enc)).code()).isEqualTo(LogtoException.Code.JWKS_FAILED);
    }

    private io.logto.sdk.LogtoConfig config() {
        return logto.config();
    }
}
