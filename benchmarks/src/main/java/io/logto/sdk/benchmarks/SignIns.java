package io.logto.sdk.benchmarks;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoConfig;
import io.logto.testing.SignIn;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Drives a whole sign-in against a {@link LoopbackProvider}, as a browser and Logto would. */
public final class SignIns {
    /** The app's callback URL. */
    public static final String REDIRECT_URI = "https://app.example.com/callback";

    private SignIns() {
    }

    /** The benchmarks' configuration for {@code provider}: one API resource, like a typical app. */
    public static LogtoConfig config(LoopbackProvider provider) {
        return LogtoConfig.builder()
                .endpoint(provider.endpoint())
                .appId(LogtoShapedTokens.APP_ID)
                .appSecret("bench-secret")
                .resources(List.of(LogtoShapedTokens.RESOURCE))
                .build();
    }

    /**
     * {@code signIn}, then the callback that Logto would send back. The provider takes the nonce as
     * the code; the callback carries {@code iss} like Logto's.
     */
    public static void signIn(LogtoClient client, String issuer) {
        String url = client.signIn(REDIRECT_URI).join();
        Map<String, List<String>> params = SignIn.query(URI.create(url).getRawQuery());
        String state = params.get("state").get(0);
        String nonce = params.get("nonce").get(0);
        client.handleSignInCallback(REDIRECT_URI + "?code=" + encode(nonce) + "&state=" + encode(state)
                + "&iss=" + encode(issuer)).join();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
