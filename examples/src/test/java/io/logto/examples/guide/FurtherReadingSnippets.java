package io.logto.examples.guide;

import io.logto.sdk.AccessTokenClaims;
import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.LogtoScopes;
import io.logto.sdk.SignInOptions;
import io.logto.sdk.SignInOptions.DirectSignIn;
import io.logto.sdk.UserInfoResponse;
import io.logto.sdk.storage.FileStorage;
import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.storage.Storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The smaller snippets of docs/guide.md and docs/es/guia.md, compiled so that they keep matching
 * the SDK. Not run: they need a real Logto.
 */
@SuppressWarnings("unused")
final class FurtherReadingSnippets {
    private FurtherReadingSnippets() {
    }

    static void storages(LogtoConfig config) {
        // Tests, command-line tools: one user, one process.
        LogtoClient forTests = new LogtoClient(config, new MemoryStorage());
        // A desktop app or a CLI that must stay signed in across runs.
        LogtoClient forDesktop = new LogtoClient(config, new FileStorage(Path.of(".logto-session.json")));
    }

    /** A storage of your own: three methods (here over any string map, e.g. Redis). */
    static final class MapStorage implements Storage {
        private final java.util.Map<String, String> map;

        MapStorage(java.util.Map<String, String> map) {
            this.map = map;
        }

        @Override
        public String get(String key) {
            return map.get(key);
        }

        @Override
        public void set(String key, String value) {
            if (value == null) {
                map.remove(key);
            } else {
                map.put(key, value);
            }
        }

        @Override
        public void delete(String key) {
            map.remove(key);
        }
    }

    static String directSignIn(LogtoClient logto) {
        String url = logto.signIn(SignInOptions.builder("http://localhost:8080/callback")
                .directSignIn(DirectSignIn.social("naver"))
                .build()).join();
        return url;
    }

    static void callbackErrors(LogtoClient logto, String callbackUrl) {
        try {
            logto.handleSignInCallback(callbackUrl).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LogtoException error) {
                System.out.println(error.code() + " " + error.error().orElse(""));
            }
        }
    }

    static LogtoConfig apiConfig() {
        LogtoConfig config = LogtoConfig.builder()
                .endpoint("https://your-tenant.logto.app")
                .appId("your-app-id")
                .appSecret("your-app-secret")
                .resources(List.of("https://api.example.com"))   // the API identifier from the Console
                .scopes(List.of("read:orders"))                   // a permission of that API
                .build();
        return config;
    }

    static void callAnApi(LogtoClient logto) {
        Optional<String> token = logto.getAccessToken("https://api.example.com").join();
        token.ifPresent(t -> System.out.println("Authorization: Bearer " + t));

        AccessTokenClaims claims = logto.getAccessTokenClaims("https://api.example.com").join();
        boolean canRead = List.of(claims.scope().split(" ")).contains("read:orders");
    }

    static LogtoConfig organizationsConfig() {
        return LogtoConfig.builder()
                .endpoint("https://your-tenant.logto.app")
                .appId("your-app-id")
                .appSecret("your-app-secret")
                .scopes(List.of(LogtoScopes.ORGANIZATIONS, LogtoScopes.ORGANIZATION_ROLES))
                .build();
    }

    static void organizations(LogtoClient logto) {
        IdTokenClaims user = logto.getIdTokenClaims();
        for (String organizationId : user.organizations()) {
            Optional<String> token = logto.getOrganizationToken(organizationId).join();
            AccessTokenClaims claims = logto.getOrganizationTokenClaims(organizationId).join();
            System.out.println(organizationId + ": " + claims.scope());
        }
    }

    static String enterpriseSso(LogtoClient logto) {
        return logto.signIn(SignInOptions.builder("http://localhost:8080/callback")
                .firstScreen(SignInOptions.FirstScreen.SINGLE_SIGN_ON)
                .build()).join();
    }

    static String enterpriseSsoDirect(LogtoClient logto, String ssoConnectorId) {
        return logto.signIn(SignInOptions.builder("http://localhost:8080/callback")
                .directSignIn(DirectSignIn.sso(ssoConnectorId))
                .build()).join();
    }

    static void userInfo(LogtoClient logto) {
        UserInfoResponse info = logto.fetchUserInfo().join();
        System.out.println(info.email().orElse("no email") + " " + info.identities().keySet());
    }
}
