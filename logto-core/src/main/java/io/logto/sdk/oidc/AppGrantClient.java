package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The grants an app makes at the token endpoint on its own account, without a user's browser:
 * client credentials (RFC 6749 §4.4, Logto's machine-to-machine apps) and token exchange (RFC 8693,
 * as Logto implements it). The app authenticates with {@code client_secret_post}, like
 * {@link TokenClient} (Logto takes basic and post alike). Neither caches: that is the caller's choice.
 *
 * <p>Refusals are typed: {@code invalid_client} fails with
 * {@link LogtoException.Code#CLIENT_AUTHENTICATION_FAILED}, a refused subject or actor token
 * ({@code invalid_grant} of a token exchange) with {@link LogtoException.Code#SUBJECT_TOKEN_INVALID},
 * anything else with {@link LogtoException.Code#TOKEN_REQUEST_FAILED}, each with the provider's
 * {@code error} and {@code error_description}. No message holds a secret or a token. Thread-safe.
 */
public final class AppGrantClient {
    /** RFC 8693's grant type. */
    public static final String TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    /** RFC 8693's type of an access token, the only actor token type Logto takes. */
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final LogtoConfig config;
    private final DiscoveryClient discovery;
    private final HttpTransport http;

    AppGrantClient(LogtoConfig config, DiscoveryClient discovery, HttpTransport http) {
        this.config = config;
        this.discovery = discovery;
        this.http = http;
    }

    /**
     * A client credentials grant: a token for the app itself.
     *
     * @param resource       the API resource indicator, if any
     * @param organizationId the organization, if any (with a resource: an organization-level API token)
     * @param scopes         the permissions asked for; Logto grants those the app's roles hold
     * @return the token; fails as the class says
     */
    public CompletableFuture<GrantedToken> clientCredentials(Optional<String> resource, Optional<String> organizationId,
                                                             Collection<String> scopes) {
        var form = new ArrayList<Map.Entry<String, String>>();
        form.add(Map.entry("grant_type", "client_credentials"));
        addTarget(form, resource, organizationId, scopes);
        return post(form, "client credentials grant");
    }

    /**
     * A token exchange: a token for the user behind {@code subjectToken}, issued to this app.
     *
     * @param subjectToken     the token that names the user (a personal access token, an
     *                         impersonation subject token, or one of the user's access tokens)
     * @param subjectTokenType its type URI
     * @param actorToken       the acting user's access token, if someone acts on the subject's behalf
     * @param resource         the API resource indicator, if any
     * @param organizationId   the organization, if any
     * @param scopes           the permissions asked for
     * @param audience         RFC 8693's {@code audience}, which Logto ignores (other servers need it)
     * @return the token; fails as the class says
     */
    public CompletableFuture<GrantedToken> tokenExchange(String subjectToken, String subjectTokenType,
                                                         Optional<String> actorToken, Optional<String> resource,
                                                         Optional<String> organizationId, Collection<String> scopes,
                                                         Optional<String> audience) {
        var form = new ArrayList<Map.Entry<String, String>>();
        form.add(Map.entry("grant_type", TOKEN_EXCHANGE_GRANT));
        form.add(Map.entry("subject_token", subjectToken));
        form.add(Map.entry("subject_token_type", subjectTokenType));
        actorToken.ifPresent(actor -> {
            form.add(Map.entry("actor_token", actor));
            form.add(Map.entry("actor_token_type", ACCESS_TOKEN_TYPE));
        });
        audience.ifPresent(a -> form.add(Map.entry("audience", a)));
        addTarget(form, resource, organizationId, scopes);
        return post(form, "token exchange");
    }

    private static void addTarget(List<Map.Entry<String, String>> form, Optional<String> resource,
                                  Optional<String> organizationId, Collection<String> scopes) {
        resource.ifPresent(r -> form.add(Map.entry("resource", r)));
        organizationId.ifPresent(o -> form.add(Map.entry("organization_id", o)));
        if (!scopes.isEmpty()) {
            form.add(Map.entry("scope", String.join(" ", scopes)));
        }
    }

    private CompletableFuture<GrantedToken> post(List<Map.Entry<String, String>> form, String what) {
        form.add(Map.entry("client_id", config.appId()));
        config.appSecret().ifPresent(secret -> form.add(Map.entry("client_secret", secret)));
        return discovery.fetch()
                .thenCompose(provider -> http.postForm(provider.tokenEndpoint(), form,
                        LogtoException.Code.TOKEN_REQUEST_FAILED, what))
                .thenApply(response -> {
                    if (!response.isSuccess()) {
                        throw failure(response, what);
                    }
                    var json = HttpTransport.parseObject(response, LogtoException.Code.TOKEN_REQUEST_FAILED, what);
                    var issuedType = json.path("issued_token_type");
                    return new GrantedToken(TokenResponse.fromJson(json),
                            issuedType.isTextual() ? Optional.of(issuedType.asText()) : Optional.empty());
                });
    }

    private static LogtoException failure(HttpTransport.Response response, String what) {
        Optional<OAuthError> error = OAuthError.of(response);
        String message = what + " answered HTTP " + response.status();
        if (error.isEmpty()) {
            return LogtoException.httpStatus(LogtoException.Code.TOKEN_REQUEST_FAILED, message, response.status());
        }
        LogtoException.Code code;
        if (error.get().error().equals("invalid_client")) {
            code = LogtoException.Code.CLIENT_AUTHENTICATION_FAILED;
            message += ": Logto refused the app's credentials (check the app id and secret, and that the app "
                    + "may use this grant)";
        } else if (error.get().error().equals("invalid_grant") && what.equals("token exchange")) {
            code = LogtoException.Code.SUBJECT_TOKEN_INVALID;
            message += ": the subject or actor token was refused (expired, used already, or not a token Logto "
                    + "accepts for exchange)";
        } else {
            code = LogtoException.Code.TOKEN_REQUEST_FAILED;
        }
        return LogtoException.providerError(code, message, error.get().error(), error.get().description(),
                response.status());
    }
}
