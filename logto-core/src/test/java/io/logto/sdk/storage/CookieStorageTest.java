package io.logto.sdk.storage;

import io.logto.sdk.LogtoException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-request cookie storage: reads once, rewrites on change, never stores after the response started. */
class CookieStorageTest {
    private final EncryptedCookies codec = EncryptedCookies.builder(CookieKeys.parse("k1:" + EncryptedCookiesTest.KEY_1)).build();

    /** A response: the Set-Cookie headers of ours, replaced on each write, until committed. */
    private static final class Response implements CookieStorage.Sink {
        boolean committed;
        int writes;
        List<EncryptedCookies.SetCookie> cookies = new ArrayList<>();

        @Override
        public boolean canWrite() {
            return !committed;
        }

        @Override
        public void write(List<EncryptedCookies.SetCookie> headers) {
            if (committed) {
                throw new IllegalStateException("a header after the response was committed");
            }
            writes++;
            cookies = List.copyOf(headers);
        }

        Map<String, String> asNextRequest() {
            var request = new HashMap<String, String>();
            cookies.stream().filter(c -> !c.value().isEmpty()).forEach(c -> request.put(c.name(), c.value()));
            return request;
        }
    }

    @Test
    void writesReachTheNextRequest() {
        var first = new Response();
        var storage = new CookieStorage(codec, Map.of(), first);
        storage.set("refreshToken", "rt-1");
        storage.set("idToken", "id-1");

        var next = new CookieStorage(codec, first.asNextRequest(), new Response());

        assertThat(next.get("refreshToken")).isEqualTo("rt-1");
        assertThat(next.get("idToken")).isEqualTo("id-1");
    }

    @Test
    void readingWritesNothingAndAnUnchangedValueIsNotRewritten() {
        var first = new Response();
        new CookieStorage(codec, Map.of(), first).set("k", "v");
        var response = new Response();
        var storage = new CookieStorage(codec, first.asNextRequest(), response);

        storage.get("k");
        storage.set("k", "v");

        assertThat(response.writes).isZero();
    }

    @Test
    void aRejectedCookieIsSignedOutWithItsReasonAndNeverThrows() {
        var storage = new CookieStorage(codec, Map.of("__Host-logto-0", "garbage.0.1.AAAA"), new Response());

        assertThat(storage.get("refreshToken")).isNull();
        assertThat(storage.rejection()).contains(EncryptedCookies.Rejection.MALFORMED);
    }

    @Test
    void aRejectedCookieIsDeletedSoTheBrowserStopsSendingIt() {
        var response = new Response();

        new CookieStorage(codec, Map.of("__Host-logto-0", "garbage.0.1.AAAA"), response).get("k");

        assertThat(response.cookies).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("__Host-logto-0");
            assertThat(c.value()).isEmpty();
            assertThat(c.header()).contains("Max-Age=0");
        });
    }

    @Test
    void aChangeAfterTheResponseIsCommittedFailsAndTheStorageSaysItTakesNoWrites() {
        var response = new Response();
        var storage = new CookieStorage(codec, Map.of(), response);
        storage.set("k", "v");
        response.committed = true;

        assertThat(storage.acceptsWrites()).isFalse();
        assertThatThrownBy(() -> storage.set("k", "w")).isInstanceOfSatisfying(LogtoException.class,
                e -> assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED));
    }

    @Test
    void aCookieOfAnOlderKeyIsRewrittenWithTheCurrentOneWhenRead() {
        var first = new Response();
        new CookieStorage(codec, Map.of(), first).set("k", "v");
        var rotated = EncryptedCookies.builder(CookieKeys.parse("k2:" + EncryptedCookiesTest.KEY_2 + ",k1:"
                + EncryptedCookiesTest.KEY_1)).build();
        var response = new Response();

        assertThat(new CookieStorage(rotated, first.asNextRequest(), response).get("k")).isEqualTo("v");

        assertThat(response.writes).isEqualTo(1);
        assertThat(rotated.decode(response.asNextRequest()).keyId()).contains("k2");
    }

    @Test
    void renewSessionIdGivesTheSameValuesUnderANewId() {
        var first = new Response();
        var storage = new CookieStorage(codec, Map.of(), first);
        storage.set("k", "v");
        String before = codec.decode(first.asNextRequest()).sessionId().orElseThrow();

        storage.renewSessionId();

        var decoded = codec.decode(first.asNextRequest());
        assertThat(decoded.sessionId()).isPresent().get().isNotEqualTo(before);
        assertThat(decoded.values()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void removingTheLastValueDeletesTheCookies() {
        var first = new Response();
        new CookieStorage(codec, Map.of(), first).set("k", "v");
        var response = new Response();
        var storage = new CookieStorage(codec, first.asNextRequest(), response);

        storage.delete("k");

        assertThat(response.cookies).extracting(EncryptedCookies.SetCookie::name).containsExactly("__Host-logto-0");
        assertThat(response.cookies.get(0).value()).isEmpty();
        assertThat(codec.decode(Map.of()).values()).isEmpty();
        assertThat(Set.copyOf(response.asNextRequest().keySet())).isEmpty();
    }
    private Map<String, String> signedInRequest(Map<String, String> values) {
        var first = new Response();
        var storage = new CookieStorage(codec, Map.of(), first);
        values.forEach(storage::set);
        return first.asNextRequest();
    }

    @Test
    void acceptsWritesUntilTheResponseIsCommitted() {
        var response = new Response();
        var storage = new CookieStorage(codec, Map.of(), response);

        assertThat(storage.acceptsWrites()).isTrue();
        response.committed = true;
        assertThat(storage.acceptsWrites()).isFalse();
    }

    @Test
    void aChangeAfterCommitIsRefusedWithItsReasonAndLogged() {
        var response = new Response();
        var storage = new CookieStorage(codec, Map.of(), response);
        storage.get("k");
        response.committed = true;

        try (var log = new LogRecords(CookieStorage.class)) {
            assertThatThrownBy(() -> storage.set("k", "v")).isInstanceOfSatisfying(LogtoException.class, e -> {
                assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
                assertThat(e.getMessage()).isEqualTo("the response is already committed, so the session cookie cannot "
                        + "change: call Logto before writing the response body");
            });
            assertThat(log.lines()).containsExactly("WARNING: A session change came after the response was committed; "
                    + "the browser keeps the old session cookie");
        }
        assertThat(response.writes).isZero();
    }

    @Test
    void rejectionIsKnownBeforeAnyValueIsReadAndIsLoggedWithItsReason() {
        var request = new HashMap<>(signedInRequest(Map.of("k", "v")));
        request.put("__Host-logto-0", "x" + request.get("__Host-logto-0"));

        try (var log = new LogRecords(CookieStorage.class)) {
            var storage = new CookieStorage(codec, request, new Response());

            assertThat(storage.rejection()).contains(EncryptedCookies.Rejection.MALFORMED);
            assertThat(storage.get("k")).isNull();
            assertThat(log.lines()).containsExactly("WARNING: Session cookies rejected (MALFORMED): treated as signed out");
        }
        assertThat(new CookieStorage(codec, signedInRequest(Map.of("k", "v")), new Response()).rejection()).isEmpty();
    }

    @Test
    void aRejectedCookieReadAfterCommitIsSignedOutWithoutTouchingTheResponse() {
        var response = new Response();
        response.committed = true;
        var storage = new CookieStorage(codec, Map.of("__Host-logto-0", "garbage.0.1.AAAA"), response);

        assertThat(storage.get("refreshToken")).isNull();
        assertThat(storage.rejection()).contains(EncryptedCookies.Rejection.MALFORMED);
        assertThat(response.writes).isZero();
    }

    @Test
    void aCookieOfAnOlderKeyReadAfterCommitIsReadButNotRewritten() {
        var request = signedInRequest(Map.of("k", "v"));
        var rotated = EncryptedCookies.builder(CookieKeys.parse("k2:" + EncryptedCookiesTest.KEY_2 + ",k1:"
                + EncryptedCookiesTest.KEY_1)).build();
        var response = new Response();
        response.committed = true;

        assertThat(new CookieStorage(rotated, request, response).get("k")).isEqualTo("v");
        assertThat(response.writes).isZero();
    }

    @Test
    void renewSessionIdAsTheFirstCallReadsTheCookiesFirst() {
        var request = signedInRequest(Map.of("k", "v"));
        String before = codec.decode(request).sessionId().orElseThrow();
        var response = new Response();

        new CookieStorage(codec, request, response).renewSessionId();

        var decoded = codec.decode(response.asNextRequest());
        assertThat(decoded.values()).isEqualTo(Map.of("k", "v"));
        assertThat(decoded.sessionId()).isPresent().get().isNotEqualTo(before);
    }

    @Test
    void renewSessionIdOfAnEmptySessionSetsNoCookieEvenAfterCommit() {
        var response = new Response();
        response.committed = true;
        var storage = new CookieStorage(codec, Map.of(), response);

        storage.renewSessionId();

        assertThat(response.writes).isZero();
        assertThat(storage.get("k")).isNull();
    }

    @Test
    void aSessionThatShrinksWithinOneRequestDeletesThePiecesThisResponseSetBefore() {
        var response = new Response();
        var storage = new CookieStorage(codec, Map.of(), response);
        storage.set("big", "x".repeat(8000));
        assertThat(response.cookies).hasSize(3);

        storage.delete("big");
        storage.set("k", "v");

        assertThat(response.cookies).extracting(EncryptedCookies.SetCookie::name)
                .containsExactly("__Host-logto-0", "__Host-logto-1", "__Host-logto-2");
        assertThat(response.cookies.subList(1, 3)).allSatisfy(c -> assertThat(c.value()).isEmpty());
        assertThat(codec.decode(response.asNextRequest()).values()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void otherCookiesAndOnesThatOnlyLookLikeOursAreNeitherReadNorDeleted() {
        var request = new HashMap<>(signedInRequest(Map.of("k", "v")));
        request.put("__Host-logto-", "x");
        request.put("__Host-logto-x", "x");
        request.put("JSESSIONID", "abc");
        var response = new Response();
        var storage = new CookieStorage(codec, request, response);

        assertThat(storage.get("k")).isEqualTo("v");
        storage.delete("k");

        assertThat(response.cookies).extracting(EncryptedCookies.SetCookie::name).containsExactly("__Host-logto-0");
        assertThat(new CookieStorage(codec, Map.of("__Host-logto-", "x"), new Response()).get("k")).isNull();
    }
}
