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
}
