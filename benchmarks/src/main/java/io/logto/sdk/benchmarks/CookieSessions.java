package io.logto.sdk.benchmarks;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.CookieKeys;
import io.logto.sdk.storage.CookieStorage;
import io.logto.sdk.storage.EncryptedCookies;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A signed-in session kept in encrypted cookies, as the benchmarks measure it: a real sign-in
 * against the loopback provider and one API-resource token, stored through {@link CookieStorage};
 * then the cookies the browser sends back on every request.
 */
final class CookieSessions {
    /** A fixed key: the benchmarks measure, they protect nothing. */
    static final CookieKeys KEYS = CookieKeys.parse("k1:" + Base64.getEncoder().encodeToString(new byte[32]));

    private CookieSessions() {
    }

    /** The response side: the Set-Cookie headers of ours, replaced on each write. */
    static final class Response implements CookieStorage.Sink {
        List<EncryptedCookies.SetCookie> cookies = new ArrayList<>();

        @Override
        public boolean canWrite() {
            return true;
        }

        @Override
        public void write(List<EncryptedCookies.SetCookie> headers) {
            cookies = List.copyOf(headers);
        }

        /** The cookies the browser sends on its next request, name to value. */
        Map<String, String> nextRequest() {
            var request = new HashMap<String, String>();
            cookies.stream().filter(c -> !c.value().isEmpty()).forEach(c -> request.put(c.name(), c.value()));
            return request;
        }
    }

    /** Signs in on {@code core} with the session in cookies; returns the cookies the browser then sends. */
    static Map<String, String> signedIn(OidcCore core, EncryptedCookies codec, String issuer) {
        var response = new Response();
        var client = new LogtoClient(core, new CookieStorage(codec, Map.of(), response));
        SignIns.signIn(client, issuer);
        var next = new Response();
        var later = new LogtoClient(core, new CookieStorage(codec, response.nextRequest(), next));
        later.getAccessToken(LogtoShapedTokens.RESOURCE).join().orElseThrow();
        return next.nextRequest();
    }

    /** The bytes of {@code Cookie: …} the browser adds to every request for these cookies. */
    static int cookieHeaderBytes(Map<String, String> cookies) {
        int bytes = "Cookie: ".length();
        int n = 0;
        for (Map.Entry<String, String> cookie : cookies.entrySet()) {
            bytes += (n++ > 0 ? 2 : 0) + cookie.getKey().length() + 1 + cookie.getValue().length();
        }
        return bytes;
    }
}
