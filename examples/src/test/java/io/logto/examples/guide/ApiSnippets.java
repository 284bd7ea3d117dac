package io.logto.examples.guide;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.m2m.ClientCredentialsTokenProvider;
import io.logto.sdk.m2m.IssuedToken;
import io.logto.sdk.m2m.ManagementApi;
import io.logto.sdk.m2m.TokenExchangeClient;
import io.logto.sdk.m2m.TokenExchangeRequest;
import io.logto.sdk.resourceserver.AccessRequirement;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.resourceserver.BearerError;
import io.logto.sdk.resourceserver.VerifiedAccessToken;
import io.logto.sdk.servlet.LogtoBearerFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The code of the guides' "Protect your API" and "Call Logto's Management API" sections, compiled
 * so that it keeps matching the SDK; {@link GuideApiTest} runs the API part against a real provider.
 */
@SuppressWarnings("unused")
final class ApiSnippets {
    private ApiSnippets() {
    }

    static AccessTokenValidator validator() {
        AccessTokenValidator validator = AccessTokenValidator.builder("https://your-tenant.logto.app")
                .apiResource("https://api.example.com")   // the API identifier from the Console
                .build();
        return validator;
    }

    /** At start-up (a ServletContainerInitializer, a listener): the API's paths and their permissions. */
    static void protectTheApi(ServletContext servletContext, AccessTokenValidator validator) {
        LogtoBearerFilter.builder(validator)
                .protect("/api/*", "read:data")
                .protect("/orgs/*", request -> organizationIdOf(request)
                        .map(organizationId -> AccessRequirement.organization(organizationId, "read:members")))
                .build()
                .install(servletContext);
    }

    /** {@code /orgs/{organizationId}/…}: the organization the request is about. */
    static Optional<String> organizationIdOf(HttpServletRequest request) {
        String[] path = request.getRequestURI().split("/");
        return path.length > 2 && !path[2].isEmpty() ? Optional.of(path[2]) : Optional.empty();
    }

    /** A servlet of the API: the filter has checked the token and left its claims. */
    static final class DataServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            VerifiedAccessToken token = LogtoBearerFilter.accessToken(request).orElseThrow();
            response.getWriter().println("Hello " + token.subject() + ", you may " + token.scopes());
        }
    }

    /** Without the servlet adapter: any framework, the Authorization header's token in hand. */
    static int anyFramework(AccessTokenValidator validator, String bearerToken) {
        try {
            VerifiedAccessToken token = validator.validate(bearerToken, AccessRequirement.api("read:data")).join();
            return 200;
        } catch (CompletionException e) {
            LogtoException error = (LogtoException) e.getCause();
            return BearerError.of(error).map(BearerError::httpStatus).orElse(503);   // 401, 403, or Logto unreachable
        }
    }

    static void organizationRequirements(String organizationId) {
        AccessRequirement.organization(organizationId, "invite:member");     // an organization token
        AccessRequirement.organizationApi(organizationId, "read:data");      // the API within an organization
    }

    static String listUsers() throws IOException, InterruptedException {
        LogtoConfig m2m = LogtoConfig.builder()
                .endpoint("https://your-tenant.logto.app")
                .appId(System.getenv("LOGTO_M2M_APP_ID"))
                .appSecret(System.getenv("LOGTO_M2M_APP_SECRET"))
                .build();
        ClientCredentialsTokenProvider tokens = ClientCredentialsTokenProvider.create(m2m);   // once

        IssuedToken token = tokens.token(ManagementApi.tokenRequest("your-tenant-id")).join();
        HttpRequest listUsers = HttpRequest.newBuilder(ManagementApi.uri(m2m, "/users"))
                .header("Authorization", token.authorizationHeader())
                .build();
        HttpResponse<String> users = HttpClient.newHttpClient().send(listUsers, HttpResponse.BodyHandlers.ofString());
        return users.body();
    }

    static IssuedToken selfHosted(ClientCredentialsTokenProvider tokens) {
        return tokens.token(ManagementApi.tokenRequest(ManagementApi.SELF_HOSTED_TENANT_ID)).join();
    }

    static IssuedToken exchange(LogtoConfig config, String pat) {
        TokenExchangeClient exchange = TokenExchangeClient.create(config);
        IssuedToken onBehalf = exchange.exchange(TokenExchangeRequest.personalAccessToken(pat)
                .resource("https://api.example.com")
                .scopes("read:data")
                .build()).join();
        return onBehalf;
    }
}
