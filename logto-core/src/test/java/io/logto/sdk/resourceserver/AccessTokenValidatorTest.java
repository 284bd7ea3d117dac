package io.logto.sdk.resourceserver;

import io.logto.sdk.LogtoException;
import io.logto.sdk.LogtoException.Code;
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

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AccessTokenValidator}: is the token a genuine, current Logto access token? Really signed
 * tokens and the forgeries attackers try, each refused with its own code and RFC 6750 error.
 */
class AccessTokenValidatorTest {
    static final String API = "https://api.example.com";
    private static FakeLogto shared;

    private FakeLogto logto;
    private TokenFactory tokens;
    private AccessTokenValidator validator;

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
        validator = AccessTokenValidator.builder(logto.endpoint()).apiResource(API).clock(logto.clock()).build();
    }

    private TokenFactory.Jwt accessToken() {
        return tokens.logtoAccessToken(API, "read:data write:data");
    }

    private VerifiedAccessToken accepted(String token) {
        return validator.validate(token, AccessRequirement.api("read:data")).join();
    }

    private LogtoException rejected(String token) {
        return Failures.of(validator.validate(token, AccessRequirement.api("read:data")));
    }

    private void assertRejected(String token, Code code) {
        LogtoException e = rejected(token);
        assertThat(e.code()).isEqualTo(code);
        assertThat(BearerError.of(e)).contains(BearerError.INVALID_TOKEN);
        if (token.length() > 8) {
            assertThat(e.getMessage()).doesNotContain(token);
        }
    }

    @Test
    void validateWhenLogtoShapedEs384TokenThenClaimsAreTyped() {
        String token = accessToken().claim("custom", "value").signedWith(TestKeys.ES384);

        VerifiedAccessToken claims = accepted(token);

        assertThat(claims.issuer()).isEqualTo(logto.issuer());
        assertThat(claims.subject()).isEqualTo(TokenFactory.SUBJECT);
        assertThat(claims.userId()).contains(TokenFactory.SUBJECT);
        assertThat(claims.clientId()).isEqualTo(FakeLogto.APP_ID);
        assertThat(claims.audience()).containsExactly(API);
        assertThat(claims.scopes()).containsExactly("read:data", "write:data");
        assertThat(claims.hasScope("write:data")).isTrue();
        assertThat(claims.organizationId()).isEmpty();
        assertThat(claims.isOrganizationToken()).isFalse();
        assertThat(claims.tokenId()).isPresent();
        assertThat(claims.issuedAt()).isEqualTo(logto.clock().instant());
        assertThat(claims.expiresAt()).isEqualTo(logto.clock().instant().plusSeconds(3600));
        assertThat(claims.extra()).containsOnlyKeys("custom");
    }

    @Test
    void validateWhenProviderSignsRs256ThenAccepted() {
        var discovery = logto.discoveryDocument();
        discovery.put("id_token_signing_alg_values_supported", List.of("RS256"));
        logto.stubDiscovery(discovery);
        logto.publishKeys(TestKeys.RS256);

        assertThat(accepted(accessToken().signedWith(TestKeys.RS256)).subject()).isEqualTo(TokenFactory.SUBJECT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "application/at+jwt", "AT+JWT", "Application/At+Jwt"})
    void validateWhenTypIsAnySpellingOfAtJwtThenAccepted(String typ) {
        assertThat(accepted(accessToken().header("typ", typ).signedWith(TestKeys.ES384)).scopes()).contains("read:data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "logout+jwt", "at+jwt2", "application/jwt"})
    void validateWhenTypIsNotAtJwtThenTypeInvalid(String typ) {
        assertRejected(accessToken().header("typ", typ).signedWith(TestKeys.ES384), Code.ACCESS_TOKEN_TYPE_INVALID);
    }

    @Test
    void validateWhenTypIsMissingThenTypeInvalid() {
        String token = tokens.accessToken(API, "read:data").claim("jti", "j1").signedWith(TestKeys.ES384);

        assertRejected(token, Code.ACCESS_TOKEN_TYPE_INVALID);
    }

    @Test
    void validateWhenIdTokenIsPresentedThenRefusedByTypThenClaimsThenAudience() {
        // Logto's ID tokens: same keys, same issuer, no typ at+jwt.
        assertRejected(tokens.idToken().signedWith(TestKeys.ES384), Code.ACCESS_TOKEN_TYPE_INVALID);
        // Even one that said at+jwt has no client_id…
        assertRejected(tokens.idToken().header("typ", "at+jwt").signedWith(TestKeys.ES384), Code.ACCESS_TOKEN_CLAIMS_INVALID);
        // … and names the app, not the API.
        assertRejected(tokens.idToken().header("typ", "at+jwt").claim("client_id", FakeLogto.APP_ID)
                .signedWith(TestKeys.ES384), Code.ACCESS_TOKEN_AUDIENCE_MISMATCH);
    }

    @Test
    void validateWhenAlgNoneThenSignatureInvalidWithoutFetchingKeysAgain() {
        accepted(accessToken().signedWith(TestKeys.ES384));
        int jwks = logto.count("GET", FakeLogto.JWKS_PATH);

        assertRejected(accessToken().header("kid", "made-up").unsigned(), Code.ACCESS_TOKEN_SIGNATURE_INVALID);
        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isEqualTo(jwks);
    }

    @Test
    void validateWhenHs256KeyedWithThePublicKeyThenSignatureInvalid() {
        assertRejected(accessToken().hmacWithPublicKey(TestKeys.ES384), Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void validateWhenHs256AndProviderAnnouncesItThenStillSignatureInvalid() {
        var discovery = logto.discoveryDocument();
        discovery.put("id_token_signing_alg_values_supported", List.of("HS256", "ES384"));
        logto.stubDiscovery(discovery);

        assertRejected(accessToken().hmacWithPublicKey(TestKeys.ES384), Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void validateWhenSignedByAKeyTheProviderDoesNotPublishThenSignatureInvalid() {
        assertRejected(accessToken().signedWith(TestKeys.es384("attacker")), Code.ACCESS_TOKEN_SIGNATURE_INVALID);
        assertRejected(accessToken().signedWith(TestKeys.es384(TestKeys.ES384.getKeyId())),
                Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void validateWhenAlgorithmIsNotTheProvidersThenSignatureInvalid() {
        logto.publishKeys(TestKeys.ES384, TestKeys.RS256);

        assertRejected(accessToken().signedWith(TestKeys.RS256), Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void validateWhenPayloadIsTamperedThenSignatureInvalid() {
        String[] parts = accessToken().signedWith(TestKeys.ES384).split("\\.");
        String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("read:data", "admin:all")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertRejected(parts[0] + "." + widened + "." + parts[2], Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void validateWhenIssuerIsAnotherTenantThenIssuerMismatch() {
        assertRejected(accessToken().claim("iss", "https://other-tenant.logto.app/oidc").signedWith(TestKeys.ES384),
                Code.ACCESS_TOKEN_ISSUER_MISMATCH);
        assertRejected(accessToken().claim("iss", logto.issuer() + "/").signedWith(TestKeys.ES384),
                Code.ACCESS_TOKEN_ISSUER_MISMATCH);
    }

    @Test
    void validateWhenExpiredBeyondTheSkewThenExpired() {
        long now = logto.clock().epochSeconds();

        assertRejected(accessToken().claim("exp", now - 61).signedWith(TestKeys.ES384), Code.ACCESS_TOKEN_EXPIRED);
        assertThat(accepted(accessToken().claim("exp", now - 59).signedWith(TestKeys.ES384)).expiresAt())
                .isEqualTo(Instant.ofEpochSecond(now - 59));
    }

    @Test
    void validateWhenTheClockPassesExpiryThenTheSameTokenIsRefused() {
        String token = accessToken().signedWith(TestKeys.ES384);
        accepted(token);

        logto.clock().advance(java.time.Duration.ofSeconds(3600 + 61));

        assertRejected(token, Code.ACCESS_TOKEN_EXPIRED);
    }

    @Test
    void validateWhenNbfOrIatIsInTheFutureBeyondTheSkewThenNotYetValid() {
        long now = logto.clock().epochSeconds();

        assertRejected(accessToken().claim("nbf", now + 61).signedWith(TestKeys.ES384), Code.ACCESS_TOKEN_NOT_YET_VALID);
        assertRejected(accessToken().claim("iat", now + 61).signedWith(TestKeys.ES384), Code.ACCESS_TOKEN_NOT_YET_VALID);
        assertThat(accepted(accessToken().claim("nbf", now + 59).claim("iat", now + 59).signedWith(TestKeys.ES384))
                .extra()).containsKey("nbf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "client_id", "exp", "iat"})
    void validateWhenARequiredClaimIsMissingThenClaimsInvalid(String claim) {
        assertRejected(accessToken().without(claim).signedWith(TestKeys.ES384), Code.ACCESS_TOKEN_CLAIMS_INVALID);
    }

    @Test
    void validateWhenClaimsHaveTheWrongTypeThenClaimsInvalid() {
        assertRejected(accessToken().claim("scope", List.of("read:data")).signedWith(TestKeys.ES384),
                Code.ACCESS_TOKEN_CLAIMS_INVALID);
        assertRejected(accessToken().claim("exp", "99999999999").signedWith(TestKeys.ES384),
                Code.ACCESS_TOKEN_CLAIMS_INVALID);
        assertRejected(accessToken().claim("client_id", 42).signedWith(TestKeys.ES384), Code.ACCESS_TOKEN_CLAIMS_INVALID);
        assertRejected(accessToken().claim("organization_id", 7).signedWith(TestKeys.ES384),
                Code.ACCESS_TOKEN_CLAIMS_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "a.b", "a.b.c.d", "..", ".payload.sig", "header..sig",
            "eyJhbGciOiJFUzM4NCJ9.e30.c2ln with space", "Bearer eyJ.eyJ.sig", "ä.b.c"})
    void validateWhenNotACompactJwsThenMalformedWithoutAnyRequest(String garbage) {
        int before = logto.requestCount();

        assertRejected(garbage, Code.ACCESS_TOKEN_MALFORMED);
        assertThat(logto.requestCount()).isEqualTo(before);
    }

    @Test
    void validateWhenThreePartsOfNonsenseThenSignatureInvalid() {
        assertRejected("abc.def.ghi", Code.ACCESS_TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void validateWhenLongerThan16KibThenMalformedBeforeParsing() {
        String padding = "x".repeat(17 * 1024);
        String oversized = accessToken().claim("padding", padding).signedWith(TestKeys.ES384);

        assertRejected(oversized, Code.ACCESS_TOKEN_MALFORMED);
        assertThat(rejected(oversized).getMessage()).contains("longer than");
    }

    @Test
    void validateWhenTokenIsNullThenMalformed() {
        assertThat(Failures.of(validator.validate(null, AccessRequirement.api())).code())
                .isEqualTo(Code.ACCESS_TOKEN_MALFORMED);
    }

    @Test
    void validateWhenTheKeySetCannotBeFetchedThenJwksFailedWhichIsNoBearerError() {
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.JWKS_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));

        LogtoException e = Failures.of(validator.validate(accessToken().signedWith(TestKeys.ES384),
                AccessRequirement.api()));

        assertThat(e.code()).isEqualTo(Code.JWKS_FAILED);
        assertThat(BearerError.of(e)).isEmpty();
    }

    @Test
    void validateWhenExpNbfAndIatAreExactlyAtTheSkewThenAccepted() {
        // The skew is inclusive: exp 60 s ago, nbf and iat 60 s ahead still pass (61 s is refused above).
        long now = logto.clock().epochSeconds();

        assertThat(accepted(accessToken().claim("exp", now - 60).signedWith(TestKeys.ES384)).expiresAt())
                .isEqualTo(Instant.ofEpochSecond(now - 60));
        assertThat(accepted(accessToken().claim("nbf", now + 60).signedWith(TestKeys.ES384)).extra())
                .containsEntry("nbf", now + 60);
        assertThat(accepted(accessToken().claim("iat", now + 60).signedWith(TestKeys.ES384)).issuedAt())
                .isEqualTo(Instant.ofEpochSecond(now + 60));
    }

    @Test
    void validateWhenNbfIsNotANumberThenClaimsInvalidNotIgnored() {
        // A string nbf must not be skipped as "no nbf": the token would then be current whatever it says.
        LogtoException e = rejected(accessToken().claim("nbf", "99999999999").signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_CLAIMS_INVALID);
        assertThat(e.getMessage()).isEqualTo("access token rejected: nbf is not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "client_id"})
    void validateWhenSubOrClientIdIsEmptyThenClaimsInvalid(String claim) {
        // An empty sub would be a token about nobody (or, for an API keyed by sub, about everybody).
        LogtoException e = rejected(accessToken().claim(claim, "").signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_CLAIMS_INVALID);
        assertThat(e.getMessage()).isEqualTo("access token rejected: " + claim + " is missing");
    }

    @Test
    void validateWhenEmptyThenMalformedAsEmpty() {
        LogtoException e = rejected("");

        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_MALFORMED);
        assertThat(e.getMessage()).isEqualTo("access token rejected: it is empty");
    }

    @Test
    void validateWhenExactly16KibThenNotRefusedForItsLength() {
        // The limit is inclusive: a genuine token of exactly MAX_TOKEN_CHARS characters is accepted.
        String token = tokenOfLength(io.logto.sdk.oidc.AccessTokenVerifier.MAX_TOKEN_CHARS);

        assertThat(token).hasSize(io.logto.sdk.oidc.AccessTokenVerifier.MAX_TOKEN_CHARS);
        assertThat(accepted(token).extra()).containsKey("pad");
        assertThat(rejected(token + "A").getMessage()).isEqualTo("access token rejected: it is longer than "
                + io.logto.sdk.oidc.AccessTokenVerifier.MAX_TOKEN_CHARS + " characters");
    }

    /** A genuine ES384 access token of exactly {@code length} characters (padded by a claim and a header). */
    private String tokenOfLength(int length) {
        for (int header = 0; header < 4; header++) {
            int base = accessToken().header("x", "y".repeat(header)).claim("pad", "").signedWith(TestKeys.ES384).length();
            for (int pad = Math.max(0, (length - base) * 3 / 4 - 3); pad < (length - base) * 3 / 4 + 3; pad++) {
                String token = accessToken().header("x", "y".repeat(header)).claim("pad", "p".repeat(pad))
                        .signedWith(TestKeys.ES384);
                if (token.length() == length) {
                    return token;
                }
            }
        }
        throw new AssertionError("no token of length " + length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJ\u0080.e30.c2ln", "eyJ\u00ff.e30.c2ln", ".a.b.c"})
    void validateWhenACharacterOrADotIsOutOfPlaceThenMalformedByTheShapeCheck(String token) {
        // Refused by the verifier's own shape check, before any request: not left to the JWS parser
        // (U+0080 is the first code past ASCII; ".a.b.c" has an empty header and a fourth part).
        int before = logto.requestCount();

        LogtoException e = rejected(token);

        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_MALFORMED);
        assertThat(e.getMessage()).isEqualTo("access token rejected: it is not a compact JWS");
        assertThat(logto.requestCount()).isEqualTo(before);
    }

    @Test
    void validateWhenTheProviderAnnouncesNoAsymmetricAlgorithmThenRefusedForThatReason() {
        var discovery = logto.discoveryDocument();
        discovery.put("id_token_signing_alg_values_supported", List.of("HS256", "none"));
        logto.stubDiscovery(discovery);

        LogtoException e = rejected(accessToken().signedWith(TestKeys.ES384));

        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_SIGNATURE_INVALID);
        assertThat(e.getMessage())
                .isEqualTo("access token rejected: the provider announces no supported asymmetric signing algorithm");
        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).as("no key set fetched").isZero();
    }

    @Test
    void validateWhenTheProviderAnnouncesNoAlgorithmListThenOnlyRs256() {
        // OIDC Discovery: an absent id_token_signing_alg_values_supported means RS256, and only RS256.
        var discovery = logto.discoveryDocument();
        discovery.remove("id_token_signing_alg_values_supported");
        logto.stubDiscovery(discovery);
        logto.publishKeys(TestKeys.ES384, TestKeys.RS256);

        assertThat(accepted(accessToken().signedWith(TestKeys.RS256)).subject()).isEqualTo(TokenFactory.SUBJECT);
        LogtoException e = rejected(accessToken().signedWith(TestKeys.ES384));
        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_SIGNATURE_INVALID);
        assertThat(e.getMessage()).contains("its algorithm is not allowed");
    }

    @Test
    void builderWhenGivenAnHttpClientThenEveryRequestGoesThroughIt() {
        // An application's client carries its proxy and TLS settings: the validator must not bypass it.
        var asked = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var selector = new java.net.ProxySelector() {
            @Override
            public List<java.net.Proxy> select(java.net.URI uri) {
                asked.add(uri.getPath());
                return List.of(java.net.Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(java.net.URI uri, java.net.SocketAddress address, java.io.IOException e) {
            }
        };
        var own = AccessTokenValidator.builder(logto.endpoint()).apiResource(API).clock(logto.clock())
                .httpClient(java.net.http.HttpClient.newBuilder().proxy(selector).build())
                .connectTimeout(java.time.Duration.ofSeconds(2)).requestTimeout(java.time.Duration.ofSeconds(5))
                .metadataCacheTtl(java.time.Duration.ofHours(1)).jwksRefetchInterval(java.time.Duration.ofSeconds(10))
                .dangerouslyAllowEndpointsOnOtherOrigins()
                .build();

        assertThat(own.validate(accessToken().signedWith(TestKeys.ES384), AccessRequirement.api()).join().subject())
                .isEqualTo(TokenFactory.SUBJECT);
        assertThat(asked).contains(FakeLogto.DISCOVERY_PATH, FakeLogto.JWKS_PATH);
    }

    @Test
    void validateWhenExtraAndActorClaimsThenTheyAreTyped() {
        String token = accessToken()
                .claim("act", Map.of("sub", "admin-1"))
                .claim("roles", List.of("editor"))
                .signedWith(TestKeys.ES384);

        VerifiedAccessToken claims = accepted(token);

        assertThat(claims.actorSubject()).contains("admin-1");
        assertThat(claims.extra()).containsOnlyKeys("roles");
    }

    @Test
    void validateWhenAClaimIsJsonNullThenItIsNotAnExtraClaim() {
        // extra() holds values only: a null would read as "present" to a caller testing containsKey.
        VerifiedAccessToken claims = accepted(accessToken().claim("custom", null).claim("kept", "v")
                .signedWith(TestKeys.ES384));

        assertThat(claims.extra()).containsOnlyKeys("kept");
    }

    @Test
    void validateWhenMachineToMachineTokenThenSubjectIsTheAppAndNoUser() {
        String token = accessToken().claim("sub", FakeLogto.APP_ID).signedWith(TestKeys.ES384);

        VerifiedAccessToken claims = accepted(token);

        assertThat(claims.subject()).isEqualTo(FakeLogto.APP_ID);
        assertThat(claims.userId()).isEmpty();
    }

    @Test
    void toStringOfValidatorAndBuilderNameTheIssuerAndApi() {
        assertThat(validator.toString()).contains(logto.issuer(), API);
        assertThat(validator.issuer()).isEqualTo(logto.issuer());
        assertThat(validator.apiResource()).contains(API);
    }

    @Test
    void builderWhenEndpointOrApiResourceIsInvalidThenInvalidConfig() {
        assertThat(Failures.ofCall(() -> AccessTokenValidator.builder("not a url")).code()).isEqualTo(Code.INVALID_CONFIG);
        assertThat(Failures.ofCall(() -> AccessTokenValidator.builder(logto.endpoint()).apiResource(" ")).code())
                .isEqualTo(Code.INVALID_CONFIG);
        assertThat(Failures.ofCall(() -> AccessTokenValidator.builder(logto.endpoint())
                .apiResource("urn:logto:organization:o1")).code()).isEqualTo(Code.INVALID_CONFIG);
        assertThat(Failures.ofCall(() -> AccessTokenValidator.builder(logto.endpoint())
                .clockSkew(java.time.Duration.ofSeconds(-1)).build()).code()).isEqualTo(Code.INVALID_CONFIG);
    }

    @Test
    void builderTakesATrailingSlashAndUpperCaseHostLikeLogtoConfig() {
        var relaxed = AccessTokenValidator.builder(logto.endpoint().toUpperCase() + "/").apiResource(API)
                .clock(logto.clock()).build();

        assertThat(relaxed.issuer()).isEqualTo(logto.issuer());
        assertThat(relaxed.validate(accessToken().signedWith(TestKeys.ES384), AccessRequirement.api()).join().subject())
                .isEqualTo(TokenFactory.SUBJECT);
    }

    @Test
    void builderRefusesPlainHttpOffLoopbackUnlessDangerouslyAllowed() {
        assertThat(Failures.ofCall(() -> AccessTokenValidator.builder("http://logto.internal").apiResource(API).build())
                .code()).isEqualTo(Code.INVALID_CONFIG);
        assertThat(AccessTokenValidator.builder("http://logto.internal").apiResource(API).dangerouslyAllowInsecureHttp()
                .build().issuer()).isEqualTo("http://logto.internal/oidc");
        assertThat(AccessTokenValidator.builder("https://tenant.logto.app").apiResource(API).build().issuer())
                .isEqualTo("https://tenant.logto.app/oidc");
    }

    @Test
    void validateWhenDiscoveryNamesKeysOnAnotherOriginThenDiscoveryFailed() {
        var discovery = logto.discoveryDocument();
        discovery.put("jwks_uri", "https://keys.attacker.example/jwks");
        logto.stubDiscovery(discovery);

        LogtoException e = Failures.of(validator.validate(accessToken().signedWith(TestKeys.ES384), AccessRequirement.api()));

        assertThat(e.code()).isEqualTo(Code.DISCOVERY_FAILED);
        assertThat(BearerError.of(e)).isEmpty();
    }
}
