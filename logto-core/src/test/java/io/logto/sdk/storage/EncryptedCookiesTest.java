package io.logto.sdk.storage;

import io.logto.sdk.LogtoException;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The encrypted-cookie format: what a cookie reveals (nothing), and every way a cookie that is not
 * exactly what we wrote reads as "no session", with its reason.
 */
class EncryptedCookiesTest {
    static final String KEY_1 = Base64.getEncoder().encodeToString(bytes(1));
    static final String KEY_2 = Base64.getEncoder().encodeToString(bytes(2));
    private static final String ID_TOKEN = "eyJhbGciOiJFUzM4NCJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

    private final MutableClock clock = new MutableClock();
    private final EncryptedCookies cookies = codec("k1:" + KEY_1);

    private EncryptedCookies codec(String keys) {
        return EncryptedCookies.builder(CookieKeys.parse(keys)).clock(clock).build();
    }

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return key;
    }

    private static Map<String, String> session() {
        var values = new LinkedHashMap<String, String>();
        values.put("idToken", ID_TOKEN);
        values.put("refreshToken", "rt-Qx7mN2pL9vK4sT8wY1zB3cD5");
        values.put("accessTokenMap", "{\"\":{\"token\":\"at-9f8e7d6c\",\"scope\":\"openid\",\"expiresAt\":1}}");
        return values;
    }

    private static Map<String, String> asRequest(List<EncryptedCookies.SetCookie> headers) {
        var request = new HashMap<String, String>();
        headers.forEach(h -> request.put(h.name(), h.value()));
        return request;
    }

    @Test
    void encodeThenDecodeGivesTheValuesBack() {
        String sid = cookies.newSessionId();

        var decoded = cookies.decode(asRequest(cookies.encode(session(), sid, Set.of())));

        assertThat(decoded.rejection()).isEmpty();
        assertThat(decoded.values()).isEqualTo(session());
        assertThat(decoded.sessionId()).contains(sid);
        assertThat(decoded.keyId()).contains("k1");
    }

    @Test
    void theCookieNeverContainsATokenInClearNorInBase64() {
        var headers = cookies.encode(session(), cookies.newSessionId(), Set.of());

        String all = String.join("\n", headers.stream().map(EncryptedCookies.SetCookie::header).toList());
        for (String secret : List.of(ID_TOKEN, "eyJzdWIiOiJhZGEifQ", "rt-Qx7mN2pL9vK4sT8wY1zB3cD5", "at-9f8e7d6c",
                "refreshToken", "accessTokenMap")) {
            assertThat(all).doesNotContain(secret);
            assertThat(all).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes()));
        }
        assertThat(headers.toString()).doesNotContain(headers.get(0).value());
    }

    @Test
    void eachWriteUsesAFreshNonce() {
        String sid = cookies.newSessionId();

        assertThat(cookies.encode(session(), sid, Set.of()).get(0).value())
                .isNotEqualTo(cookies.encode(session(), sid, Set.of()).get(0).value());
    }

    @Test
    void cookiesAreHttpOnlyLaxWithPathAndUnderHttpsSecureWithTheHostPrefix() {
        var header = cookies.encode(session(), cookies.newSessionId(), Set.of()).get(0).header();
        var plain = EncryptedCookies.builder(CookieKeys.parse("k1:" + KEY_1)).secure(false).path("/shop").build()
                .encode(session(), cookies.newSessionId(), Set.of()).get(0).header();

        assertThat(header).startsWith("__Host-logto-0=").contains("; Path=/;").contains("; HttpOnly")
                .contains("; SameSite=Lax").contains("; Secure").contains("; Max-Age=1209600").doesNotContain("Domain");
        assertThat(plain).startsWith("logto-0=").contains("; Path=/shop;").contains("; HttpOnly")
                .doesNotContain("Secure");
    }

    @Test
    void aLargeSessionIsSplitIntoCookiesThatEachStayUnder4KB() {
        var values = session();
        values.put("big", "x".repeat(7000));

        var headers = cookies.encode(values, cookies.newSessionId(), Set.of());

        assertThat(headers).hasSize(3);
        assertThat(headers).allSatisfy(h -> assertThat(h.header().getBytes().length).isLessThan(4096));
        assertThat(cookies.decode(asRequest(headers)).values()).isEqualTo(values);
    }

    @Test
    void aSessionThatCannotFitFailsWithAClearErrorBeforeAnythingIsWritten() {
        var values = session();
        values.put("big", "x".repeat(20_000));

        assertThatThrownBy(() -> cookies.encode(values, cookies.newSessionId(), Set.of()))
                .isInstanceOfSatisfying(LogtoException.class, e -> {
                    assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
                    assertThat(e.getMessage()).contains("does not fit in cookies").contains("at most 4 are allowed");
                });
    }

    @Test
    void aShrinkingSessionDeletesTheCookiesItNoLongerUses() {
        var values = session();
        values.put("big", "x".repeat(7000));
        String sid = cookies.newSessionId();
        var before = asRequest(cookies.encode(values, sid, Set.of()));

        var after = cookies.encode(session(), sid, before.keySet());

        assertThat(after).filteredOn(h -> h.value().isEmpty()).extracting(EncryptedCookies.SetCookie::name)
                .containsExactlyInAnyOrder("__Host-logto-1", "__Host-logto-2");
        assertThat(after).filteredOn(h -> h.value().isEmpty()).allSatisfy(h -> assertThat(h.header()).contains("Max-Age=0"));
        assertThat(cookies.encode(Map.of(), sid, before.keySet())).hasSize(3).allSatisfy(h -> assertThat(h.value()).isEmpty());
    }

    @Test
    void aValueInDoubleQuotesAsRfc6265AllowsIsRead() {
        var request = asRequest(cookies.encode(session(), cookies.newSessionId(), Set.of()));
        request.replaceAll((name, value) -> "\"" + value + "\"");

        assertThat(cookies.decode(request).values()).isEqualTo(session());
    }

    @Test
    void noCookiesThenNoSessionAndNoRejection() {
        var decoded = cookies.decode(Map.of("JSESSIONID", "abc"));

        assertThat(decoded.values()).isEmpty();
        assertThat(decoded.rejection()).isEmpty();
    }

    @Test
    void aFlippedBitIsTampered() {
        var request = asRequest(cookies.encode(session(), cookies.newSessionId(), Set.of()));
        String value = request.get("__Host-logto-0");
        int at = value.length() - 10;
        char flipped = value.charAt(at) == 'A' ? 'B' : 'A';
        request.put("__Host-logto-0", value.substring(0, at) + flipped + value.substring(at + 1));

        assertThat(cookies.decode(request).rejection()).contains(EncryptedCookies.Rejection.TAMPERED);
        assertThat(cookies.decode(request).values()).isEmpty();
    }

    @Test
    void aCutOrMissingPieceIsTruncated() {
        var values = session();
        values.put("big", "x".repeat(5000));
        var request = asRequest(cookies.encode(values, cookies.newSessionId(), Set.of()));
        var missing = new HashMap<>(request);
        missing.remove("__Host-logto-1");
        var cut = new HashMap<String, String>();
        var single = asRequest(cookies.encode(session(), cookies.newSessionId(), Set.of()));
        cut.put("__Host-logto-0", single.get("__Host-logto-0").substring(0, 60));

        assertThat(cookies.decode(missing).rejection()).contains(EncryptedCookies.Rejection.TRUNCATED);
        assertThat(cookies.decode(cut).rejection()).contains(EncryptedCookies.Rejection.TRUNCATED);
    }

    @Test
    void aPieceOfAnotherSessionsCookieIsMixedSessions() {
        var values = session();
        values.put("big", "x".repeat(5000));
        var victim = asRequest(cookies.encode(values, cookies.newSessionId(), Set.of()));
        var attacker = asRequest(cookies.encode(values, cookies.newSessionId(), Set.of()));
        victim.put("__Host-logto-1", attacker.get("__Host-logto-1"));

        assertThat(cookies.decode(victim).rejection()).contains(EncryptedCookies.Rejection.MIXED_SESSIONS);
    }

    @Test
    void aCookieWhoseSessionIdWasRewrittenIsTampered() {
        var request = asRequest(cookies.encode(session(), cookies.newSessionId(), Set.of()));
        String value = request.get("__Host-logto-0");
        request.put("__Host-logto-0", cookies.newSessionId() + value.substring(22));

        assertThat(cookies.decode(request).rejection()).contains(EncryptedCookies.Rejection.TAMPERED);
    }

    @Test
    void aCookieMovedToAnotherNameOrAppWithTheSameKeyIsTampered() {
        var other = EncryptedCookies.builder(CookieKeys.parse("k1:" + KEY_1)).name("prefs").clock(clock).build();
        var theirs = asRequest(other.encode(session(), other.newSessionId(), Set.of()));
        var moved = Map.of("__Host-logto-0", theirs.get("__Host-prefs-0"));

        assertThat(cookies.decode(moved).rejection()).contains(EncryptedCookies.Rejection.TAMPERED);
    }

    @Test
    void garbageUnderOurNameIsMalformed() {
        assertThat(cookies.decode(Map.of("__Host-logto-0", "hello")).rejection()).contains(EncryptedCookies.Rejection.MALFORMED);
        assertThat(cookies.decode(Map.of("__Host-logto-0", cookies.newSessionId() + ".0.9.AAAA")).rejection())
                .contains(EncryptedCookies.Rejection.MALFORMED);
        assertThat(cookies.decode(Map.of("__Host-logto-0", cookies.newSessionId() + ".0.1.Zm9v!")).rejection())
                .contains(EncryptedCookies.Rejection.MALFORMED);
    }

    @Test
    void rotationNewKeyEncryptsOldKeyStillDecryptsRemovedKeyIsUnknown() {
        var old = asRequest(cookies.encode(session(), cookies.newSessionId(), Set.of()));
        var rotated = codec("k2:" + KEY_2 + ",k1:" + KEY_1);
        var retired = codec("k2:" + KEY_2);

        assertThat(rotated.decode(old).values()).isEqualTo(session());
        assertThat(rotated.decode(old).keyId()).contains("k1");
        var rewritten = asRequest(rotated.encode(session(), rotated.newSessionId(), Set.of()));
        assertThat(retired.decode(rewritten).values()).isEqualTo(session());
        assertThat(retired.decode(old).rejection()).contains(EncryptedCookies.Rejection.UNKNOWN_KEY);
    }

    @Test
    void aKeyWithTheSameIdButOtherBytesIsTampered() {
        var request = asRequest(cookies.encode(session(), cookies.newSessionId(), Set.of()));

        assertThat(codec("k1:" + KEY_2).decode(request).rejection()).contains(EncryptedCookies.Rejection.TAMPERED);
    }

    @Test
    void aCookieWrittenLongerAgoThanMaxAgeIsExpired() {
        var request = asRequest(cookies.encode(session(), cookies.newSessionId(), Set.of()));

        clock.advance(EncryptedCookies.DEFAULT_MAX_AGE.plus(Duration.ofSeconds(1)));

        assertThat(cookies.decode(request).rejection()).contains(EncryptedCookies.Rejection.EXPIRED);
    }

    @Test
    void keysParseIdsAndRefuseBadInputWithoutShowingKeyMaterial() {
        assertThat(CookieKeys.parse(" k2:" + KEY_2 + " , k1:" + KEY_1).ids()).containsExactly("k2", "k1");
        assertThat(CookieKeys.parse("k1:" + Base64.getUrlEncoder().encodeToString(bytes(1))).currentId()).isEqualTo("k1");
        assertThat(CookieKeys.parse("k1:" + KEY_1).toString()).isEqualTo("CookieKeys[k1]").doesNotContain(KEY_1);
        for (String bad : List.of("", "k1", "k1:" + Base64.getEncoder().encodeToString(new byte[16]), "k1:***",
                "bad id:" + KEY_1, "k1:" + KEY_1 + ",k1:" + KEY_2)) {
            assertThatThrownBy(() -> CookieKeys.parse(bad)).isInstanceOfSatisfying(LogtoException.class, e -> {
                assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG);
                assertThat(e.getMessage()).doesNotContain(KEY_1).doesNotContain(KEY_2);
            });
        }
    }
}
