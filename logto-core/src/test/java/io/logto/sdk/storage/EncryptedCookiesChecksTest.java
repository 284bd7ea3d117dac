package io.logto.sdk.storage;

import io.logto.sdk.LogtoException;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.logto.sdk.storage.EncryptedCookies.Rejection.EXPIRED;
import static io.logto.sdk.storage.EncryptedCookies.Rejection.MALFORMED;
import static io.logto.sdk.storage.EncryptedCookies.Rejection.MIXED_SESSIONS;
import static io.logto.sdk.storage.EncryptedCookies.Rejection.TAMPERED;
import static io.logto.sdk.storage.EncryptedCookies.Rejection.TRUNCATED;
import static io.logto.sdk.storage.EncryptedCookies.Rejection.UNKNOWN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each check of {@link EncryptedCookies} on its own: a cookie with exactly one thing wrong is refused
 * with that check's reason (so that a later check, or the AES-GCM tag, cannot be what refuses it),
 * and a cookie at each limit is still read. Cookies are forged by hand in the documented format
 * ({@code 0x01 | len(kid) | kid | nonce | ciphertext+tag}, AAD {@code logto-session-cookie.v1|name|kid|sid}).
 */
class EncryptedCookiesChecksTest {
    private static final byte[] KEY = Base64.getDecoder().decode(EncryptedCookiesTest.KEY_1);
    private static final String NAME = "__Host-logto";
    private static final Map<String, String> VALUES = Map.of("refreshToken", "rt-Qx7mN2pL9vK4sT8wY1zB3cD5");

    private final MutableClock clock = new MutableClock();
    private final EncryptedCookies cookies = builder().build();

    private EncryptedCookies.Builder builder() {
        return EncryptedCookies.builder(CookieKeys.parse("k1:" + EncryptedCookiesTest.KEY_1)).clock(clock);
    }

    private static Map<String, String> asRequest(List<EncryptedCookies.SetCookie> headers) {
        var request = new HashMap<String, String>();
        headers.forEach(h -> request.put(h.name(), h.value()));
        return request;
    }

    private Map<String, String> written(Map<String, String> values) {
        return asRequest(cookies.encode(values, cookies.newSessionId(), Set.of()));
    }

    private static Map<String, String> bigValues(int chars) {
        return Map.of("big", "x".repeat(chars));
    }

    /** A blob sealed by hand: version, key id, key, session id and plaintext each chosen by the test. */
    private static String seal(int version, String kid, byte[] key, String sid, byte[] plaintext) throws Exception {
        byte[] nonce = new byte[12];
        nonce[3] = 7;
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(("logto-session-cookie.v1|" + NAME + "|" + kid + "|" + sid).getBytes(StandardCharsets.US_ASCII));
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] kidBytes = kid.getBytes(StandardCharsets.US_ASCII);
        var out = ByteBuffer.allocate(2 + kidBytes.length + 12 + sealed.length);
        out.put((byte) version).put((byte) kidBytes.length).put(kidBytes).put(nonce).put(sealed);
        return b64(out.array());
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String forged(String plaintext) throws Exception {
        String sid = cookies.newSessionId();
        return sid + ".0.1." + seal(1, "k1", KEY, sid, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    private EncryptedCookies.Decoded decodeFirst(String value) {
        return cookies.decode(Map.of(NAME + "-0", value));
    }

    private void rejects(EncryptedCookies.Rejection why, String value) {
        var decoded = decodeFirst(value);
        assertThat(decoded.rejection()).as(value).contains(why);
        assertThat(decoded.values()).as(value).isEmpty();
        assertThat(decoded.sessionId()).as(value).isEmpty();
        assertThat(decoded.keyId()).as(value).isEmpty();
    }

    /** A valid request whose cookie {@code index} is changed by {@code change} (parts: sid, index, count, piece). */
    private Map<String, String> withPiece(Map<String, String> request, int index, Consumer<String[]> change) {
        var copy = new HashMap<>(request);
        String[] parts = copy.get(NAME + "-" + index).split("\\.", -1);
        change.accept(parts);
        copy.put(NAME + "-" + index, String.join(".", parts));
        return copy;
    }

    // --- The first cookie's head: <22-char session id>.0.<count>.<piece> ---

    @Test
    void anEmptyCookieOrAQuotedEmptyOneIsNoSessionRatherThanAMalformedOne() {
        for (String empty : new String[] {"", "\"\""}) {
            var decoded = decodeFirst(empty);
            assertThat(decoded.rejection()).as(empty).isEmpty();
            assertThat(decoded.values()).isEmpty();
        }
    }

    @Test
    void onlyAValueQuotedAtBothEndsIsUnquoted() {
        String value = written(VALUES).get(NAME + "-0");

        assertThat(decodeFirst("\"" + value + "\"").values()).isEqualTo(VALUES);
        rejects(MALFORMED, "\"");
        // A character before the value and a quote after it: not a quoted value, so not stripped.
        rejects(MALFORMED, "x" + value + "\"");
        rejects(MALFORMED, "\"" + value + "x");
        rejects(MALFORMED, "\"" + value);
        rejects(MALFORMED, value + "\"");
    }

    @Test
    void aFirstCookieThatIsNotExactlyFourDotSeparatedFieldsIsMalformed() {
        String value = written(VALUES).get(NAME + "-0");

        rejects(MALFORMED, value + ".extra");
        rejects(MALFORMED, value.substring(0, value.lastIndexOf('.')));
        rejects(MALFORMED, "hello");
    }

    @Test
    void aSessionIdThatIsNot22Base64urlCharactersIsMalformedBeforeAnyDecryption() {
        String value = written(VALUES).get(NAME + "-0");

        rejects(MALFORMED, value.substring(1));
        rejects(MALFORMED, "x" + value);
        rejects(MALFORMED, "!" + value.substring(1));
    }

    @Test
    void aFirstCookieThatSaysItIsAnotherPieceIsMalformed() {
        String value = written(VALUES).get(NAME + "-0");
        String[] parts = value.split("\\.");

        rejects(MALFORMED, parts[0] + ".1." + parts[2] + "." + parts[3]);
        rejects(MALFORMED, parts[0] + ".00." + parts[2] + "." + parts[3]);
    }

    @Test
    void aCountThatIsNotANumberOrOutside1ToMaxCookiesIsMalformed() {
        String value = written(VALUES).get(NAME + "-0");
        String[] parts = value.split("\\.");
        assertThat(parts[2]).isEqualTo("1");

        rejects(MALFORMED, parts[0] + ".0.0." + parts[3]);
        rejects(MALFORMED, parts[0] + ".0.-1." + parts[3]);
        rejects(MALFORMED, parts[0] + ".0.one." + parts[3]);
        rejects(MALFORMED, parts[0] + ".0.99999999999." + parts[3]);
        rejects(MALFORMED, parts[0] + ".0.5." + parts[3]);
    }

    @Test
    void aSessionOfExactlyMaxCookiesIsWrittenAndRead() {
        var one = builder().maxCookies(1).build();
        var headers = one.encode(VALUES, one.newSessionId(), Set.of());

        assertThat(headers).hasSize(1);
        assertThat(one.decode(asRequest(headers)).values()).isEqualTo(VALUES);
    }

    @Test
    void moreCookiesThanTheReaderAllowsAreMalformedEvenWhenEveryPieceIsThere() {
        var request = written(bigValues(8000));
        assertThat(request).hasSize(3);

        var decoded = builder().maxCookies(2).build().decode(request);

        assertThat(decoded.rejection()).contains(MALFORMED);
        assertThat(decoded.values()).isEmpty();
        assertThat(builder().maxCookies(3).build().decode(request).values()).isEqualTo(bigValues(8000));
    }

    // --- The following pieces: <same session id>.<index>.<same count>.<piece> ---

    @Test
    void aMissingOrEmptyPieceIsTruncated() {
        var request = written(bigValues(5000));
        assertThat(request).hasSize(2);

        var empty = new HashMap<>(request);
        empty.put(NAME + "-1", "");
        var quotedEmpty = new HashMap<>(request);
        quotedEmpty.put(NAME + "-1", "\"\"");
        var missing = new HashMap<>(request);
        missing.remove(NAME + "-1");

        for (var truncated : List.of(empty, quotedEmpty, missing)) {
            var decoded = cookies.decode(truncated);
            assertThat(decoded.rejection()).contains(TRUNCATED);
            assertThat(decoded.values()).isEmpty();
        }
    }

    @Test
    void aPieceThatIsNotExactlyFourFieldsIsMalformed() {
        var request = written(bigValues(5000));

        var extra = new HashMap<>(request);
        extra.put(NAME + "-1", request.get(NAME + "-1") + ".extra");
        var short3 = new HashMap<>(request);
        String piece = request.get(NAME + "-1");
        short3.put(NAME + "-1", piece.substring(0, piece.lastIndexOf('.')));

        assertThat(cookies.decode(extra).rejection()).contains(MALFORMED);
        assertThat(cookies.decode(extra).values()).isEmpty();
        assertThat(cookies.decode(short3).rejection()).contains(MALFORMED);
    }

    @Test
    void aPieceOfAnotherSessionIsMixedSessions() {
        var request = written(bigValues(5000));
        String otherSid = cookies.newSessionId();

        var decoded = cookies.decode(withPiece(request, 1, p -> p[0] = otherSid));

        assertThat(decoded.rejection()).contains(MIXED_SESSIONS);
        assertThat(decoded.values()).isEmpty();
    }

    @Test
    void piecesInTheWrongPlaceAreMixedSessions() {
        var request = written(bigValues(8000));
        assertThat(request).hasSize(3);
        var swapped = new HashMap<>(request);
        swapped.put(NAME + "-1", request.get(NAME + "-2"));
        swapped.put(NAME + "-2", request.get(NAME + "-1"));

        assertThat(cookies.decode(swapped).rejection()).contains(MIXED_SESSIONS);
        // The right piece text under a wrong index field.
        assertThat(cookies.decode(withPiece(request, 1, p -> p[1] = "01")).rejection()).contains(MIXED_SESSIONS);
    }

    @Test
    void aPieceThatCountsDifferentlyFromTheFirstIsMixedSessions() {
        var request = written(bigValues(5000));

        // Everything else intact: only the count field of piece 1 disagrees with the first cookie's.
        var decoded = cookies.decode(withPiece(request, 1, p -> p[2] = "3"));

        assertThat(decoded.rejection()).contains(MIXED_SESSIONS);
        assertThat(decoded.values()).isEmpty();
    }

    // --- The blob: 0x01 | len(kid) | kid | nonce(12) | ciphertext + tag(16) ---

    @Test
    void aBlobTooShortForItsHeaderIsTruncated() {
        String sid = cookies.newSessionId();

        rejects(TRUNCATED, sid + ".0.1.AQ");
        rejects(TRUNCATED, sid + ".0.1.A");
        rejects(TRUNCATED, sid + ".0.1.AAAAA");
        // Version and an empty key id.
        rejects(TRUNCATED, sid + ".0.1." + b64(new byte[] {1, 0}));
        rejects(TRUNCATED, sid + ".0.1." + b64(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    }

    @Test
    void theVersionByteIsCheckedFirstEvenOnATwoByteBlob() {
        String sid = cookies.newSessionId();

        rejects(MALFORMED, sid + ".0.1." + b64(new byte[] {2, 2}));
        rejects(TRUNCATED, sid + ".0.1." + b64(new byte[] {1, 2}));
    }

    @Test
    void anotherFormatVersionIsMalformedThoughItsCiphertextWouldOpen() throws Exception {
        // The version byte is outside the AES-GCM tag: only the version check can refuse it.
        String sid = cookies.newSessionId();
        byte[] plaintext = "{\"iat\":1768471200,\"v\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8);
        assertThat(decodeFirst(sid + ".0.1." + seal(1, "k1", KEY, sid, plaintext)).values()).isEqualTo(Map.of("k", "v"));

        rejects(MALFORMED, sid + ".0.1." + seal(2, "k1", KEY, sid, plaintext));
        rejects(MALFORMED, sid + ".0.1." + seal(0, "k1", KEY, sid, plaintext));
    }

    @Test
    void aBlobCutInsideItsKeyIdNonceOrTagIsTruncatedAndOneJustLongEnoughIsOpened() {
        String sid = cookies.newSessionId();
        // version, kid "k1", 12 nonce bytes, 16 tag bytes and no ciphertext: long enough to try the tag.
        byte[] exact = new byte[2 + 2 + 12 + 16];
        exact[0] = 1;
        exact[1] = 2;
        exact[2] = 'k';
        exact[3] = '1';

        rejects(TAMPERED, sid + ".0.1." + b64(exact));
        for (int cut = 1; cut <= 16 + 12; cut += 3) {
            rejects(TRUNCATED, sid + ".0.1." + b64(java.util.Arrays.copyOf(exact, exact.length - cut)));
        }
        // A key id longer than what follows it.
        byte[] longKid = exact.clone();
        longKid[1] = 20;
        rejects(TRUNCATED, sid + ".0.1." + b64(longKid));
    }

    @Test
    void aOneCharacterKeyIdIsWrittenAndRead() {
        var single = EncryptedCookies.builder(CookieKeys.parse("a:" + EncryptedCookiesTest.KEY_1)).clock(clock).build();

        var decoded = single.decode(asRequest(single.encode(VALUES, single.newSessionId(), Set.of())));

        assertThat(decoded.values()).isEqualTo(VALUES);
        assertThat(decoded.keyId()).contains("a");
    }

    @Test
    void aKeyIdNoLongerConfiguredIsUnknownKeyNotTampered() throws Exception {
        String sid = cookies.newSessionId();

        rejects(UNKNOWN_KEY, sid + ".0.1." + seal(1, "k9", KEY, sid, "{}".getBytes(StandardCharsets.UTF_8)));
    }

    // --- The plaintext: {"iat": <epoch seconds>, "v": {<string>: <string>}} ---

    @Test
    void aPayloadOpenedWithTheRightKeyButNotInTheFormatIsMalformed() throws Exception {
        for (String payload : new String[] {"", "{", "null", "[]", "42", "{\"v\":{}}", "{\"iat\":\"soon\",\"v\":{}}",
                "{\"iat\":null,\"v\":{}}", "{\"iat\":1768471200}", "{\"iat\":1768471200,\"v\":[]}",
                "{\"iat\":1768471200,\"v\":\"k=v\"}", "{\"iat\":1768471200,\"v\":{\"k\":{\"nested\":1}}}"}) {
            rejects(MALFORMED, forged(payload));
        }
    }

    @Test
    void aPayloadInTheFormatIsReadWithItsWriteTime() throws Exception {
        var decoded = decodeFirst(forged("{\"iat\":1768471100,\"v\":{\"k\":\"v\",\"n\":\"\"}}"));

        assertThat(decoded.rejection()).isEmpty();
        assertThat(decoded.values()).isEqualTo(Map.of("k", "v", "n", ""));
        assertThat(decoded.writtenAt()).isEqualTo(1768471100L);
        assertThat(decoded.keyId()).contains("k1");
    }

    @Test
    void aCookieExactlyMaxAgeOldIsReadAndOneSecondOlderIsExpired() {
        var shortLived = builder().maxAge(Duration.ofMinutes(5)).build();
        var request = asRequest(shortLived.encode(VALUES, shortLived.newSessionId(), Set.of()));
        long writtenAt = clock.epochSeconds();

        clock.advance(Duration.ofMinutes(5));
        var atLimit = shortLived.decode(request);
        clock.advance(Duration.ofSeconds(1));
        var expired = shortLived.decode(request);

        assertThat(atLimit.values()).isEqualTo(VALUES);
        assertThat(atLimit.writtenAt()).isEqualTo(writtenAt);
        assertThat(expired.rejection()).contains(EXPIRED);
        assertThat(expired.values()).isEmpty();
        assertThat(expired.writtenAt()).isZero();
    }

    // --- Writing ---

    @Test
    void encodeRefusesASessionIdNotMadeByNewSessionId() {
        for (String bad : new String[] {"short", cookies.newSessionId() + "x", "!" + cookies.newSessionId().substring(1)}) {
            assertThatThrownBy(() -> cookies.encode(VALUES, bad, Set.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a session id from newSessionId()");
        }
        assertThatThrownBy(() -> cookies.encode(VALUES, null, Set.of())).isInstanceOf(NullPointerException.class)
                .hasMessage("sessionId");
    }

    @Test
    void everyCookieValueIsAtMostMaxValueCharsAndIsFilledToItsRoom() {
        String sid = cookies.newSessionId();

        var headers = cookies.encode(bigValues(10_000), sid, Set.of());

        assertThat(headers).hasSize(4);
        assertThat(headers).allSatisfy(h -> assertThat(h.value().length()).isLessThanOrEqualTo(EncryptedCookies.MAX_VALUE_CHARS));
        // Room per cookie: MAX_VALUE_CHARS less the session id and 8 for "." + index + "." + count + ".".
        int room = EncryptedCookies.MAX_VALUE_CHARS - 22 - 8;
        for (int i = 0; i < 3; i++) {
            assertThat(headers.get(i).value()).startsWith(sid + "." + i + ".4.");
            assertThat(headers.get(i).value()).hasSize(22 + 5 + room);
        }
        assertThat(cookies.decode(asRequest(headers)).values()).isEqualTo(bigValues(10_000));
    }

    @Test
    void aSessionThatExactlyFillsItsCookiesTakesNoExtraCookie() {
        // 2764 characters make a blob of exactly one cookie's room (3770): plaintext 2795 bytes + 32.
        var one = builder().maxCookies(1).build();
        String sid = one.newSessionId();

        var headers = one.encode(Map.of("k", "x".repeat(2764)), sid, Set.of());

        assertThat(headers).singleElement().satisfies(h -> assertThat(h.value()).hasSize(22 + 5 + 3770));
        assertThat(one.decode(asRequest(headers)).values()).isEqualTo(Map.of("k", "x".repeat(2764)));
        assertThatThrownBy(() -> one.encode(Map.of("k", "x".repeat(2765)), sid, Set.of()))
                .isInstanceOfSatisfying(LogtoException.class, e -> {
                    assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
                    assertThat(e.getMessage()).startsWith("the session does not fit in cookies: 3771 characters encrypted "
                            + "need 2 cookies of at most 3800, and at most 1 are allowed");
                });
    }

    @Test
    void onlyOurCookiesBeyondTheNewCountAreDeleted() {
        String sid = cookies.newSessionId();

        var headers = cookies.encode(VALUES, sid, List.of("JSESSIONID", "logto-1", NAME + "-x", NAME + "-0", NAME + "-1",
                NAME + "-3", NAME + "-4", NAME + "--1", NAME + "1"));

        assertThat(headers).extracting(EncryptedCookies.SetCookie::name)
                .containsExactly(NAME + "-0", NAME + "-1", NAME + "-3");
        assertThat(headers.subList(1, 3)).allSatisfy(h -> {
            assertThat(h.value()).isEmpty();
            assertThat(h.header()).isEqualTo(h.name() + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
        });
        assertThat(headers.get(0).header()).isEqualTo(NAME + "-0=" + headers.get(0).value()
                + "; Path=/; Max-Age=1209600; HttpOnly; SameSite=Lax; Secure");
    }

    // --- Names and configuration ---

    @Test
    void isOursOnlyForIndexesBelowMaxCookies() {
        var twenty = builder().maxCookies(20).build();

        assertThat(cookies.isOurs(NAME + "-0")).isTrue();
        assertThat(cookies.isOurs(NAME + "-3")).isTrue();
        assertThat(cookies.isOurs(NAME + "-4")).isFalse();
        assertThat(twenty.isOurs(NAME + "-19")).isTrue();
        assertThat(twenty.isOurs(NAME + "-20")).isFalse();
        for (String other : new String[] {null, "", NAME, NAME + "-", NAME + "--1", NAME + "-+1", NAME + "-x", NAME + "-1x",
                NAME + "-007", NAME + "-99999999999", "logto-0", "__Host-logtoX-0", "JSESSIONID"}) {
            assertThat(twenty.isOurs(other)).as(other).isFalse();
        }
    }

    @Test
    void theHostPrefixOnlyWhenSecureWithPathSlash() {
        var keys = CookieKeys.parse("k1:" + EncryptedCookiesTest.KEY_1);

        assertThat(EncryptedCookies.builder(keys).build().cookieName(2)).isEqualTo("__Host-logto-2");
        assertThat(EncryptedCookies.builder(keys).path("/shop").build().cookieName(0)).isEqualTo("logto-0");
        assertThat(EncryptedCookies.builder(keys).secure(false).build().cookieName(0)).isEqualTo("logto-0");
        assertThat(EncryptedCookies.builder(keys).name("prefs").build().cookieName(1)).isEqualTo("__Host-prefs-1");
        var shop = EncryptedCookies.builder(keys).path("/shop").build();
        assertThat(shop.encode(VALUES, shop.newSessionId(), Set.of()).get(0).header())
                .startsWith("logto-0=").endsWith("; Path=/shop; Max-Age=1209600; HttpOnly; SameSite=Lax; Secure");
        assertThat(shop.keys()).isSameAs(keys);
    }

    @Test
    void theBuilderRefusesBadSettingsWithTheirReason() {
        var b = builder();
        assertInvalid(() -> b.name(null), "the cookie name must be 1-32 of A-Z a-z 0-9 _ -");
        assertInvalid(() -> b.name(""), "the cookie name must be 1-32 of A-Z a-z 0-9 _ -");
        assertInvalid(() -> b.name("a;b"), "the cookie name must be 1-32 of A-Z a-z 0-9 _ -");
        assertInvalid(() -> b.name("n".repeat(33)), "the cookie name must be 1-32 of A-Z a-z 0-9 _ -");
        assertInvalid(() -> b.path(null), "the cookie path must be an absolute path");
        assertInvalid(() -> b.path("shop"), "the cookie path must be an absolute path");
        assertInvalid(() -> b.path("/a;Domain=x"), "the cookie path must be an absolute path");
        assertInvalid(() -> b.maxAge(Duration.ZERO), "maxAge must be positive");
        assertInvalid(() -> b.maxAge(Duration.ofSeconds(-1)), "maxAge must be positive");
        assertInvalid(() -> b.maxCookies(0), "maxCookies must be 1-20");
        assertInvalid(() -> b.maxCookies(21), "maxCookies must be 1-20");
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
        assertThatThrownBy(() -> EncryptedCookies.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("keys");

        var configured = b.name("n".repeat(32)).path("/a/b").maxCookies(20).maxAge(Duration.ofSeconds(1)).secure(false).build();
        assertThat(configured.cookieName(19)).isEqualTo("n".repeat(32) + "-19");
        assertThat(configured.encode(VALUES, configured.newSessionId(), Set.of()).get(0).header())
                .endsWith("; Path=/a/b; Max-Age=1; HttpOnly; SameSite=Lax");
        assertThat(builder().maxCookies(1).build().isOurs(NAME + "-0")).isTrue();
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LogtoException.class, e -> {
            assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void newSessionIdsAre22RandomBase64urlCharacters() {
        String a = cookies.newSessionId();
        String b = cookies.newSessionId();

        assertThat(a).matches("[A-Za-z0-9_-]{22}");
        assertThat(b).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(a);
    }
}
