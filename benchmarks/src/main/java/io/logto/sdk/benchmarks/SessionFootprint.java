package io.logto.sdk.benchmarks;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.SessionStorage;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes the SDK stores in one signed-in user's session: a real sign-in against the loopback
 * provider, then one access token for an API resource. Counted as UTF-8 bytes of the attribute
 * names and values (what a session store serializes). Target: under 8 KB.
 */
public final class SessionFootprint {
    private SessionFootprint() {
    }

    /** Signs in and returns the stored attributes' sizes in bytes, by attribute name. */
    public static Map<String, Integer> measure() throws Exception {
        var tokens = new LogtoShapedTokens();
        try (var provider = new LoopbackProvider(tokens)) {
            var core = OidcCore.create(SignIns.config(provider));
            var session = new MapSession();
            var client = new LogtoClient(core, new SessionStorage(session));
            SignIns.signIn(client, provider.issuer());
            client.getAccessToken(LogtoShapedTokens.RESOURCE).join().orElseThrow();
            var sizes = new TreeMap<String, Integer>();
            session.attributes().forEach((name, value) -> sizes.put(name,
                    name.getBytes(StandardCharsets.UTF_8).length
                            + ((String) value).getBytes(StandardCharsets.UTF_8).length));
            return sizes;
        }
    }

    /** Prints the footprint. */
    public static void main(String[] args) throws Exception {
        Map<String, Integer> sizes = measure();
        int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("# Session footprint: one signed-in user with one API-resource access token");
        sizes.forEach((name, bytes) -> System.out.printf("#   %-22s %5d bytes%n", name, bytes));
        System.out.printf("#   %-22s %5d bytes (target < 8192)%n", "total", total);
    }
}
