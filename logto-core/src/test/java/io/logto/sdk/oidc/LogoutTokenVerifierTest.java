package io.logto.sdk.oidc;

import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LogoutTokenVerifier}: Back-Channel Logout 1.0 §2.6 with really signed and forged tokens. */
class LogoutTokenVerifierTest {
    private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

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

    private FakeLogto logto;
    private ProviderClients clients;
    private LogoutTokenVerifier verifier;
    private TokenFactory tokens;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        clients = logto.providerClients();
        verifier = clients.logoutTokens();
        tokens = logto.tokens();
    }

    private Map<String, Object> verify(String token) {
        return verifier.verify(token).join();
    }

    private LogtoException rejected(String token) {
        return Failures.of(verifier.verify(token));
    }

    @Test
    void verifyWhenLogtoShapedTokenWithSidThenClaimsReturned() {
        Map<String, Object> claims = verify(tokens.logoutToken().claim("sid", "sid-1").signedWith(TestKeys.ES384));

        assertThat(claims).containsEntry("sub", TokenFactory.SUBJECT).containsEntry("sid", "sid-1");
        assertThat(verifier.rememberedTokenIds()).isEqualTo(1);
    }

    @Test
    void verifyWhenOnlySidOrOnlySubThenAccepted() {
        assertThat(verify(tokens.logoutToken().without("sub").claim("sid", "sid-2").signedWith(TestKeys.ES384)))
                .doesNotContainKey("sub").containsEntry("sid", "sid-2");
        assertThat(verify(tokens.logoutToken().signedWith(TestKeys.ES384))).doesNotContainKey("sid");
    }

    @Test
    void verifyWhenTypIsAbsentThenAccepted() {
        assertThat(verify(tokens.logoutToken().withoutHeader("typ").signedWith(TestKeys.ES384)))
                .containsEntry("sub", TokenFactory.SUBJECT);
    }

    @Test
    void verifyWhenTypIsTheFullMediaTypeInAnyCaseThenAccepted() {
        assertThat(verify(tokens.logoutToken().header("typ", "Application/Logout+JWT").signedWith(TestKeys.ES384)))
                .containsKey("jti");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt", "secevent+jwt", "logout+jwt+x", ""})
    void verifyWhenTypNamesAnotherKindOfTokenThenRejected(String typ) {
        LogtoException e = rejected(tokens.logoutToken().header("typ", typ).signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_TYPE_INVALID);
    }

    @Test
    void verifyWhenTypIsNotAStringThenRejected() {
        LogtoException e = rejected(tokens.logoutToken().header("typ", List.of("logout+jwt")).signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_TYPE_INVALID);
    }

    @Test
    void verifyWhenUnsignedThenRejected() {
        assertThat(rejected(tokens.logoutToken().unsigned()).code())
                .isEqualTo(LogtoException.Code.LOGOUT_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void verifyWhenHmacSignedWithThePublicKeyThenRejected() {
        assertThat(rejected(tokens.logoutToken().hmacWithPublicKey(TestKeys.ES384)).code())
                .isEqualTo(LogtoException.Code.LOGOUT_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void verifyWhenSignedByAKeyTheProviderDoesNotPublishThenRejected() {
        String forged = tokens.logoutToken().signedWith(TestKeys.es384(TestKeys.ES384.getKeyId()));

        assertThat(rejected(forged).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_SIGNATURE_INVALID);
        assertThat(verifier.rememberedTokenIds()).isZero();
    }

    @Test
    void verifyWhenAClaimWasChangedAfterSigningThenRejected() {
        String token = tokens.logoutToken().signedWith(TestKeys.ES384);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(TokenFactory.SUBJECT, "someone-else");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(rejected(tampered).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void verifyWhenExpiredThenRejected() {
        String token = tokens.logoutToken().signedWith(TestKeys.ES384);
        logto.clock().advance(Duration.ofSeconds(120 + 61));

        LogtoException e = rejected(token);

        assertThat(e.code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);
        assertThat(e.getMessage()).contains("expired");
    }

    @Test
    void verifyWhenExpiredWithinTheClockSkewThenAccepted() {
        String token = tokens.logoutToken().signedWith(TestKeys.ES384);
        logto.clock().advance(Duration.ofSeconds(120 + 59));

        assertThat(verify(token)).containsKey("jti");
    }

    @Test
    void verifyWhenNoExpButIssuedLongAgoThenRejected() {
        String token = tokens.logoutToken().without("exp").signedWith(TestKeys.ES384);
        logto.clock().advance(Duration.ofMinutes(12));

        assertThat(rejected(token).getMessage()).contains("iat is older than maxIdTokenAge");
    }

    @Test
    void verifyWhenNoExpAndFreshThenAccepted() {
        assertThat(verify(tokens.logoutToken().without("exp").signedWith(TestKeys.ES384))).doesNotContainKey("exp");
    }

    @Test
    void verifyWhenIssuedInTheFutureThenRejected() {
        long now = logto.clock().instant().getEpochSecond();
        String token = tokens.logoutToken().claim("iat", now + 600).claim("exp", now + 720).signedWith(TestKeys.ES384);

        assertThat(rejected(token).getMessage()).contains("iat is in the future");
    }

    @Test
    void verifyWhenItCarriesANonceThenRejected() {
        LogtoException e = rejected(tokens.logoutToken().claim("nonce", "n-1").signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);
        assertThat(e.getMessage()).contains("nonce");
    }

    @Test
    void verifyWhenEventsIsMissingThenRejected() {
        LogtoException e = rejected(tokens.logoutToken().without("events").signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);
        assertThat(e.getMessage()).contains("events");
    }

    @Test
    void verifyWhenEventsLacksTheLogoutEventOrItIsNotAnObjectThenRejected() {
        assertThat(rejected(tokens.logoutToken().claim("events", Map.of("urn:other", Map.of()))
                .signedWith(TestKeys.ES384)).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);
        assertThat(rejected(tokens.logoutToken().claim("events", Map.of(EVENT, "yes"))
                .signedWith(TestKeys.ES384)).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);
        assertThat(rejected(tokens.logoutToken().claim("events", List.of(EVENT))
                .signedWith(TestKeys.ES384)).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);
    }

    @Test
    void verifyWhenAnIdTokenOfTheSameProviderIsPostedThenRejected() {
        // Signed by the provider, for this app, with sub: only typ/events/nonce tell it apart.
        String idToken = tokens.idToken().claim("nonce", "n-2").signedWith(TestKeys.ES384);

        LogtoException e = rejected(idToken);

        assertThat(e.code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);
        assertThat(e.getMessage()).contains("events").contains("nonce").contains("jti");
    }

    @Test
    void verifyWhenForAnotherAudienceThenRejected() {
        LogtoException e = rejected(tokens.logoutToken().claim("aud", "another-app").signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);
        assertThat(e.getMessage()).contains("aud");
    }

    @Test
    void verifyWhenAlsoForAnUntrustedAudienceThenRejected() {
        String token = tokens.logoutToken().claim("aud", List.of(FakeLogto.APP_ID, "another-app"))
                .signedWith(TestKeys.ES384);

        assertThat(rejected(token).getMessage()).contains("does not trust");
    }

    @Test
    void verifyWhenFromAnotherIssuerThenRejected() {
        LogtoException e = rejected(tokens.logoutToken().claim("iss", "https://evil.example/oidc")
                .signedWith(TestKeys.ES384));

        assertThat(e.getMessage()).contains("iss");
    }

    @Test
    void verifyWhenNeitherSubNorSidThenRejected() {
        assertThat(rejected(tokens.logoutToken().without("sub").signedWith(TestKeys.ES384)).getMessage())
                .contains("neither sub nor sid");
    }

    @Test
    void verifyWhenIdsAreNotBoundedStringsThenRejected() {
        String longId = "x".repeat(LogoutTokenClaimRules.MAX_ID_CHARS + 1);
        assertThat(rejected(tokens.logoutToken().claim("sid", longId).signedWith(TestKeys.ES384)).getMessage())
                .contains("sid is not a string");
        assertThat(rejected(tokens.logoutToken().claim("sub", 42).signedWith(TestKeys.ES384)).getMessage())
                .contains("sub is not a string");
        assertThat(rejected(tokens.logoutToken().without("jti").signedWith(TestKeys.ES384)).getMessage())
                .contains("jti");
        assertThat(rejected(tokens.logoutToken().claim("jti", longId).signedWith(TestKeys.ES384)).getMessage())
                .contains("jti");
    }

    @Test
    void verifyWhenReplayedThenRejectedAndWhenTheTokenWouldBeRefusedAnywayThenForgotten() {
        String token = tokens.logoutToken().signedWith(TestKeys.ES384);
        verify(token);

        assertThat(rejected(token).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_REPLAYED);
        logto.clock().advance(Duration.ofSeconds(120 + 60 + 1));
        // Expired now: refused as such, and its id no longer needs remembering.
        assertThat(rejected(token).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);
        verify(tokens.logoutToken().signedWith(TestKeys.ES384));
        assertThat(verifier.rememberedTokenIds()).isEqualTo(1);
    }

    @Test
    void verifyWhenATokenIsRejectedThenItsJtiIsNotRemembered() {
        String withNonce = tokens.logoutToken().claim("jti", "id-1").claim("nonce", "x").signedWith(TestKeys.ES384);
        assertThat(rejected(withNonce).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID);

        assertThat(verify(tokens.logoutToken().claim("jti", "id-1").signedWith(TestKeys.ES384))).containsKey("sub");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-jwt", "a.b", "a.b.c.d.e", "eyJhbGciOiJFUzM4NCJ9.e30.sig!", "x.y.z"})
    void verifyWhenNotACompactJwsThenMalformed(String token) {
        assertThat(rejected(token).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_MALFORMED);
    }

    @Test
    void verifyWhenNullThenMalformed() {
        assertThat(rejected(null).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_MALFORMED);
    }

    @Test
    void verifyWhenOversizedThenMalformedWithoutAnyRequest() {
        logto.resetCounts();
        String big = tokens.logoutToken().claim("pad", "p".repeat(20_000)).signedWith(TestKeys.ES384);

        assertThat(rejected(big).code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_MALFORMED);
        assertThat(logto.requestCount()).isZero();
    }

    @Test
    void verifyWhenTheHeaderHasDuplicatedMembersThenMalformed() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"ES384\",\"typ\":\"JWT\",\"typ\":\"logout+jwt\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(rejected(header + ".e30.c2ln").code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"logout+jwt\"]", "null", "\"logout+jwt\"", ""})
    void verifyWhenTheHeaderIsNotAJsonObjectThenMalformedBeforeTheTypCheck(String headerJson) {
        // A header that is not an object has no typ to check: refused here, not passed on as "untyped".
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(headerJson.getBytes(StandardCharsets.UTF_8));

        LogtoException e = rejected(header + ".e30.c2ln");

        assertThat(e.code()).isEqualTo(LogtoException.Code.LOGOUT_TOKEN_MALFORMED);
        assertThat(e.getMessage()).isEqualTo("logout token rejected: its header is not a JSON object");
    }

    @Test
    void verifyWhenTheKeySetCannotBeFetchedThenJwksFailedNotARejection() {
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.JWKS_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));

        assertThat(rejected(tokens.logoutToken().signedWith(TestKeys.ES384)).code())
                .isEqualTo(LogtoException.Code.JWKS_FAILED);
    }

    @Test
    void verifyWhenFloodedWithValidLookingJunkThenNothingIsRemembered() {
        String signedJunkHeader = tokens.logoutToken().signedWith(TestKeys.ES384).split("\\.")[0];
        for (int i = 0; i < 2_000; i++) {
            String junk = switch (i % 4) {
                case 0 -> tokens.logoutToken().claim("jti", "j" + i).unsigned();
                case 1 -> signedJunkHeader + "." + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(("{\"jti\":\"j" + i + "\"}").getBytes(StandardCharsets.UTF_8)) + ".AAAA";
                case 2 -> tokens.logoutToken().claim("jti", "j" + i).hmacWithPublicKey(TestKeys.ES384);
                default -> "eyJ" + "A".repeat(i % 500) + ".e30.AA";
            };
            assertThat(rejected(junk).code().name()).startsWith("LOGOUT_TOKEN_");
        }

        assertThat(verifier.rememberedTokenIds()).isZero();
    }

    @Test
    void verifyWhenMoreGenuineTokensThanTheCapThenMemoryStaysAtTheCapAndNoLogoutIsRefused() {
        var small = new LogoutTokenVerifier(logto.config(), clients.discovery(), clients.idTokens().signingKeys(),
                logto.clock(), 50);
        for (int i = 0; i < 200; i++) {
            assertThat(small.verify(tokens.logoutToken().claim("sid", "s" + i).signedWith(TestKeys.ES384)).join())
                    .containsEntry("sid", "s" + i);
            assertThat(small.rememberedTokenIds()).isLessThanOrEqualTo(50);
        }
        assertThat(small.rememberedTokenIds()).isEqualTo(50);
    }
}
