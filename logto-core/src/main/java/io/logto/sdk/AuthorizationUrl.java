package io.logto.sdk;

import io.logto.sdk.oidc.AuthorizationSecrets;
import io.logto.sdk.oidc.OidcProviderConfig;
import io.logto.sdk.oidc.QueryString;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the authorization request URL of one sign-in (OIDC Core §3.1.2.1 plus Logto's extensions). */
final class AuthorizationUrl {
    /** Parameters the SDK sets itself; {@code extraParams} may not replace them. */
    static final Set<String> RESERVED = Set.of("client_id", "redirect_uri", "response_type", "scope", "resource",
            "prompt", "code_challenge", "code_challenge_method", "state", "nonce", "interaction_mode",
            "first_screen", "identifier", "login_hint", "direct_sign_in");

    private AuthorizationUrl() {
    }

    /** The URL, as a string (built without parsing it back into a {@link java.net.URI}: this runs on every sign-in). */
    static String build(LogtoConfig config, OidcProviderConfig provider, SignInOptions options,
                        AuthorizationSecrets secrets) {
        if (!provider.codeChallengeMethods().isEmpty() && !provider.codeChallengeMethods().contains("S256")) {
            throw new LogtoException(LogtoException.Code.DISCOVERY_FAILED, "the provider does not support PKCE S256");
        }
        var params = new ArrayList<Map.Entry<String, String>>();
        params.add(Map.entry("client_id", config.appId()));
        params.add(Map.entry("redirect_uri", options.redirectUri()));
        params.add(Map.entry("response_type", "code"));
        params.add(Map.entry("scope", String.join(" ", config.scopes())));
        for (String resource : resources(config)) {
            params.add(Map.entry("resource", resource));
        }
        params.add(Map.entry("prompt", config.prompt()));
        params.add(Map.entry("code_challenge", secrets.codeChallenge()));
        params.add(Map.entry("code_challenge_method", "S256"));
        params.add(Map.entry("state", secrets.state()));
        params.add(Map.entry("nonce", secrets.nonce()));
        options.interactionMode().ifPresent(m -> params.add(Map.entry("interaction_mode", m.value())));
        options.firstScreen().ifPresent(s -> params.add(Map.entry("first_screen", s.value())));
        if (!options.identifiers().isEmpty()) {
            params.add(Map.entry("identifier", String.join(" ",
                    options.identifiers().stream().map(SignInOptions.Identifier::value).toList())));
        }
        options.loginHint().ifPresent(h -> params.add(Map.entry("login_hint", h)));
        options.directSignIn().ifPresent(d -> params.add(Map.entry("direct_sign_in", d.value())));
        if (!options.extraParams().isEmpty()) {
            options.extraParams().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                if (RESERVED.contains(e.getKey())) {
                    throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT,
                            "extra parameter '" + e.getKey() + "' is set by the SDK and cannot be replaced");
                }
                params.add(e);
            });
        }
        return QueryString.appendToString(provider.authorizationEndpoint(), params);
    }

    /** The configured resources, plus the organizations resource when organizations are asked for. */
    private static List<String> resources(LogtoConfig config) {
        if (!config.hasOrganizationScope()) {
            return config.resources();
        }
        var all = new LinkedHashSet<>(config.resources());
        all.add(LogtoScopes.ORGANIZATIONS_RESOURCE);
        return List.copyOf(all);
    }
}
