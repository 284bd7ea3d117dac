package io.logto.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.examples.pages.Pages;
import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What both web examples answer alike, whatever their HTTP server: the headers of every page, the
 * JSON of {@code /protected/no-redirect} (signed in or not), the organizations page, and the
 * sentence a visitor reads when something failed (the code goes to the log, not to the page).
 * Stateless and thread-safe.
 */
public final class ExampleAnswers {
    private static final System.Logger LOG = System.getLogger(ExampleAnswers.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The headers of every answer: pages show tokens' claims, so never cached; never framed, so
     * their buttons cannot be clicked for the user.
     */
    public static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "frame-ancestors 'none'");

    /** The body of a {@code 401} from {@code /protected/no-redirect} (the servlet adapter's). */
    public static final String UNAUTHORIZED_JSON = "{\"error\":\"unauthorized\"}";

    private ExampleAnswers() {
    }

    /**
     * The {@code WWW-Authenticate} header of that {@code 401} (RFC 9110 §11.6.1): the way to
     * authenticate is to sign in at {@code signInUrl}, as the servlet adapter says it.
     */
    public static String wwwAuthenticate(String signInUrl) {
        return "Logto realm=\"" + signInUrl + "\"";
    }

    /** The JSON of {@code /protected/no-redirect} for a signed-in user. */
    public static byte[] userJson(IdTokenClaims claims) {
        var body = new LinkedHashMap<String, Object>();
        body.put("sub", claims.sub());
        body.put("name", Pages.displayName(claims));
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("two strings are always JSON", e);
        }
    }

    /** The organizations page: each organization's token claims, or a sentence where there is none. */
    public static String organizationsPage(LogtoClient client, boolean hasOrganizationScope) {
        if (!hasOrganizationScope) {
            return Pages.organizationsNotConfigured();
        }
        IdTokenClaims claims = client.getIdTokenClaims();
        var organizations = new ArrayList<Pages.Organization>();
        for (String id : claims.organizations()) {
            try {
                organizations.add(new Pages.Organization(id,
                        Optional.of(await(client.getOrganizationTokenClaims(id))), Optional.empty()));
            } catch (LogtoException e) {
                LOG.log(System.Logger.Level.WARNING, "No organization token for {0}: {1}: {2}", id, e.code(),
                        e.getMessage());
                organizations.add(new Pages.Organization(id, Optional.empty(),
                        Optional.of("No organization token: " + explain(e))));
            }
        }
        return Pages.organizations(claims, organizations);
    }

    /**
     * A sentence for the visitor about a failure; fixed text, never the provider's or the code
     * (those are for the log, which {@link #log} writes).
     */
    public static String explain(LogtoException e) {
        return switch (e.code()) {
            case SIGN_IN_SESSION_NOT_FOUND -> "This sign-in is no longer pending: it was completed already, it expired, "
                    + "or the browser did not send the session cookie back. Please sign in again.";
            case CALLBACK_STATE_MISMATCH, CALLBACK_REDIRECT_URI_MISMATCH, CALLBACK_ISSUER_MISMATCH, CALLBACK_INVALID ->
                    "The sign-in response does not belong to a sign-in started in this browser. Please sign in again.";
            case CALLBACK_ERROR -> "Logto did not complete the sign-in. Please try again.";
            case CLIENT_AUTHENTICATION_FAILED, INVALID_CONFIG -> "Sign-in is not set up correctly on this site. "
                    + "Please try again later, or tell the site's administrators.";
            case TOKEN_REQUEST_FAILED, DISCOVERY_FAILED, JWKS_FAILED, USERINFO_FAILED, ID_TOKEN_INVALID ->
                    "Logto could not be reached or did not answer as expected. Please try again later.";
            case MISSING_ORGANIZATION_SCOPE -> "This app does not ask for organization tokens.";
            default -> "The request could not be completed. Please try again.";
        };
    }

    /**
     * Logs a failure with its code: a wrong app ID or secret, and Logto failing, are the app
     * owner's to fix (WARNING); what a visitor causes (an old or forged callback) is INFO.
     */
    public static void log(String what, LogtoException e) {
        boolean ownersProblem = switch (e.code()) {
            case CLIENT_AUTHENTICATION_FAILED, INVALID_CONFIG, TOKEN_REQUEST_FAILED, DISCOVERY_FAILED, JWKS_FAILED,
                    USERINFO_FAILED, ID_TOKEN_INVALID, STORAGE_FAILED -> true;
            default -> false;
        };
        LOG.log(ownersProblem ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "{0}: {1}: {2}", what,
                e.code(), e.getMessage());
    }

    /**
     * Waits for an SDK future; a failure comes out as the {@link LogtoException} it is. Both
     * examples' handlers are blocking, so waiting is the simple, honest choice; an asynchronous
     * framework would compose the future instead.
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LogtoException logto) {
                throw logto;
            }
            throw e;
        }
    }
}
