package io.logto.sdk;

import io.logto.sdk.oidc.ProviderText;

import java.util.Objects;
import java.util.Optional;

/**
 * The one exception type of the SDK. Callers branch on {@link #code()}, never on the message.
 *
 * <p>Futures returned by {@link LogtoClient} complete exceptionally with a {@code LogtoException}
 * (wrapped in a {@link java.util.concurrent.CompletionException} by {@code join()}), never with a raw
 * {@link java.io.IOException}. Messages never contain tokens, codes, verifiers or secrets; the
 * provider's {@code error} and {@code error_description} are kept in their own fields, shortened and
 * stripped of control characters, because they come from a URL an attacker can craft.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LogtoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_PROVIDER_TEXT = 256;

    /** Machine-readable reason for a failure. */
    public enum Code {
        /** The configuration is invalid (bad endpoint, missing app id, …). */
        INVALID_CONFIG,
        /** An argument passed to the SDK is invalid (e.g. a malformed redirect or callback URI). */
        INVALID_ARGUMENT,
        /**
         * A sign-in that another site may have started ({@link SignInOptions.Initiator#UNVERIFIED})
         * was refused: the session already has the most pending sign-ins, and such a sign-in never
         * pushes one out. Ask the user to confirm on a page of the app, then start it as
         * {@link SignInOptions.Initiator#APP}.
         */
        TOO_MANY_PENDING_SIGN_INS,
        /** The callback came but no sign-in attempt is stored: cookie lost, session expired, or replay. */
        SIGN_IN_SESSION_NOT_FOUND,
        /** The callback's {@code state} matches none of the stored sign-in attempts. */
        CALLBACK_STATE_MISMATCH,
        /** The callback URI does not match the redirect URI of the sign-in attempt. */
        CALLBACK_REDIRECT_URI_MISMATCH,
        /** The callback's {@code iss} parameter names another issuer (mix-up attack). */
        CALLBACK_ISSUER_MISMATCH,
        /** The provider returned an {@code error} to the callback; see {@link #error()}. */
        CALLBACK_ERROR,
        /** The callback is malformed: no code, duplicated parameters, unparsable URI. */
        CALLBACK_INVALID,
        /** The ID token failed verification (signature, algorithm, iss, aud, exp, iat, nonce, format). */
        ID_TOKEN_INVALID,
        /** A stored access token could not be decoded. */
        ACCESS_TOKEN_INVALID,
        /** No user is signed in (no ID token or no refresh token where one is needed). */
        NOT_AUTHENTICATED,
        /** The token endpoint failed or refused the request (network, HTTP status, body). */
        TOKEN_REQUEST_FAILED,
        /**
         * Logto refused the refresh for good, so the session is over: the refresh token was revoked
         * or expired ({@code invalid_grant}), the app's rights were withdrawn
         * ({@code unsupported_grant_type}), or,
         * refreshing the sign-in's own token, the user's access was ({@code access_denied}); see
         * {@link #error()}. The dead tokens have been removed from storage and the user must sign
         * in again. Transient failures ({@code 5xx}, timeouts) are {@link #TOKEN_REQUEST_FAILED}; a
         * refusal of the app's credentials ends the session too, as {@link #CLIENT_AUTHENTICATION_FAILED}.
         */
        REFRESH_TOKEN_INVALID,
        /** The provider's discovery document could not be fetched or is invalid. */
        DISCOVERY_FAILED,
        /** The provider's key set (JWKS) could not be fetched or is invalid. */
        JWKS_FAILED,
        /** The userinfo endpoint failed or returned an unusable body. */
        USERINFO_FAILED,
        /** Organization tokens were asked for but the organizations scope is not configured. */
        MISSING_ORGANIZATION_SCOPE,
        /** The provider does not publish an end-session endpoint. */
        END_SESSION_NOT_SUPPORTED,
        /** A stored entry exists but cannot be read; it is treated as absent and left for inspection. */
        STORAGE_CORRUPT,
        /** The storage itself failed (I/O error on a file, a session store error). */
        STORAGE_FAILED,
        /**
         * Back-channel logout: the logout token is empty, longer than 16 KiB, not a compact JWS
         * (an encrypted or unsigned-format token included), or its JOSE header cannot be read.
         */
        LOGOUT_TOKEN_MALFORMED,
        /**
         * Back-channel logout: the logout token is not signed by a key the provider publishes, in an
         * asymmetric algorithm the provider announces ({@code none}, HMAC, a made-up key, a
         * tampered token).
         */
        LOGOUT_TOKEN_SIGNATURE_INVALID,
        /**
         * Back-channel logout: the logout token's {@code typ} header names another kind of token
         * (only {@code logout+jwt}, or no {@code typ}, is accepted).
         */
        LOGOUT_TOKEN_TYPE_INVALID,
        /**
         * Back-channel logout: a claim of the logout token fails Back-Channel Logout 1.0 §2.6
         * ({@code iss}, {@code aud}, {@code iat}, {@code exp}, {@code jti}, {@code events},
         * {@code nonce}, {@code sub}/{@code sid}); the message says which.
         */
        LOGOUT_TOKEN_CLAIMS_INVALID,
        /** Back-channel logout: a logout token with this {@code jti} was already accepted. */
        LOGOUT_TOKEN_REPLAYED,
        /**
         * Resource server: the bearer token is empty, longer than 16 KiB, or not a compact JWS
         * (RFC 6750 {@code invalid_token}).
         */
        ACCESS_TOKEN_MALFORMED,
        /**
         * Resource server: the bearer token is not signed by a key the provider publishes, in an
         * asymmetric algorithm the provider announces ({@code none}, HMAC, a made-up key, a tampered
         * token), or its JOSE header or payload cannot be read (RFC 6750 {@code invalid_token}).
         */
        ACCESS_TOKEN_SIGNATURE_INVALID,
        /**
         * Resource server: the bearer token's {@code typ} header is not {@code at+jwt}: it is not an
         * access token, e.g. an ID token (RFC 9068 §4; RFC 6750 {@code invalid_token}).
         */
        ACCESS_TOKEN_TYPE_INVALID,
        /** Resource server: the bearer token's {@code iss} is not this tenant's (RFC 6750 {@code invalid_token}). */
        ACCESS_TOKEN_ISSUER_MISMATCH,
        /**
         * Resource server: the bearer token is for another audience: another API resource (another
         * app's API), an organization where an API is expected, or the reverse (RFC 6750
         * {@code invalid_token}).
         */
        ACCESS_TOKEN_AUDIENCE_MISMATCH,
        /** Resource server: the bearer token's {@code exp} has passed (RFC 6750 {@code invalid_token}). */
        ACCESS_TOKEN_EXPIRED,
        /** Resource server: the bearer token's {@code nbf} or {@code iat} is in the future (RFC 6750 {@code invalid_token}). */
        ACCESS_TOKEN_NOT_YET_VALID,
        /**
         * Resource server: a required claim ({@code exp}, {@code iat}, {@code sub}, {@code client_id})
         * is missing, or a claim has the wrong type (RFC 6750 {@code invalid_token}).
         */
        ACCESS_TOKEN_CLAIMS_INVALID,
        /**
         * Resource server: the access token is valid but lacks a permission the request needs
         * (RFC 6750 {@code insufficient_scope}, HTTP 403).
         */
        ACCESS_TOKEN_INSUFFICIENT_SCOPE,
        /**
         * Resource server: the access token is valid but for another organization than the request's,
         * for none where one is needed, or for one where global permissions are needed (RFC 6750
         * {@code insufficient_scope}, HTTP 403).
         */
        ACCESS_TOKEN_ORGANIZATION_MISMATCH,
        /**
         * The token endpoint refused the app's credentials ({@code invalid_client}, HTTP 401 or 400;
         * or {@code unauthorized_client}): wrong app ID or secret, or an app of the wrong type. The
         * message says "Logto rejected the app ID or secret: check …". For a sign-in's code exchange
         * the sign-in fails; for a refresh the session ends (its tokens are removed), as with
         * {@link #REFRESH_TOKEN_INVALID}. Fix the configuration: retrying does not help.
         */
        CLIENT_AUTHENTICATION_FAILED,
        /**
         * Token exchange: the subject or actor token was refused ({@code invalid_grant}): expired, used
         * already, unknown, an ID token, or issued to a third-party app. Get a new one.
         */
        SUBJECT_TOKEN_INVALID
    }

    /** The machine-readable reason. */
    private final Code code;
    /** The provider's OAuth {@code error}, sanitized, or {@code null}. */
    private final String error;
    /** The provider's {@code error_description}, sanitized, or {@code null}. */
    private final String errorDescription;
    /** The HTTP status of the failed response, or 0. */
    private final int httpStatus;

    /**
     * Creates an exception with a code and a message that must not contain secrets.
     *
     * @param code the machine-readable reason
     * @param message what failed, without secrets
     */
    public LogtoException(Code code, String message) {
        this(code, message, null, null, 0, null);
    }

    /**
     * Creates an exception with a code, a secret-free message and a cause.
     *
     * @param code the machine-readable reason
     * @param message what failed, without secrets
     * @param cause the underlying failure
     */
    public LogtoException(Code code, String message, Throwable cause) {
        this(code, message, null, null, 0, cause);
    }

    private LogtoException(Code code, String message, String error, String errorDescription,
                           int httpStatus, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.error = sanitize(error);
        this.errorDescription = sanitize(errorDescription);
        this.httpStatus = httpStatus;
    }

    /**
     * A failure that the provider answered with an HTTP status and no OAuth error.
     *
     * @param code       the machine-readable reason
     * @param message    what failed, without secrets
     * @param httpStatus the HTTP status of the failed response
     * @return the exception
     */
    public static LogtoException httpStatus(Code code, String message, int httpStatus) {
        return new LogtoException(code, message, null, null, httpStatus, null);
    }

    /**
     * A failure that the provider explained with an OAuth error, in a redirect to the callback
     * (no HTTP status).
     *
     * @param code             the machine-readable reason
     * @param message          what failed, without secrets
     * @param error            the provider's {@code error}; kept sanitized
     * @param errorDescription the provider's {@code error_description}, if any; kept sanitized
     * @return the exception
     */
    public static LogtoException providerError(Code code, String message, String error,
                                               Optional<String> errorDescription) {
        return providerError(code, message, error, errorDescription, 0);
    }

    /**
     * A failure that the provider explained with an OAuth error in an HTTP response.
     *
     * @param code             the machine-readable reason
     * @param message          what failed, without secrets
     * @param error            the provider's {@code error}; kept sanitized
     * @param errorDescription the provider's {@code error_description}, if any; kept sanitized
     * @param httpStatus       the HTTP status of the failed response, or 0 when there was none
     * @return the exception
     */
    public static LogtoException providerError(Code code, String message, String error,
                                               Optional<String> errorDescription, int httpStatus) {
        return new LogtoException(code, message, Objects.requireNonNull(error, "error"),
                errorDescription.orElse(null), httpStatus, null);
    }

    /**
     * The machine-readable reason.
     *
     * @return the machine-readable reason
     */
    public Code code() {
        return code;
    }

    /**
     * The provider's OAuth {@code error} code (e.g. {@code access_denied}), sanitized.
     *
     * @return the provider's OAuth {@code error} code, sanitized; empty when it sent none
     */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * The provider's {@code error_description}, shortened and stripped of control characters.
     *
     * @return the provider's {@code error_description}, shortened and stripped of control characters
     */
    public Optional<String> errorDescription() {
        return Optional.ofNullable(errorDescription);
    }

    /**
     * The HTTP status of the failed response, or 0 when the failure had none.
     *
     * @return the HTTP status of the failed response, or 0 when the failure had none
     */
    public int httpStatus() {
        return httpStatus;
    }

    @Override
    public String getMessage() {
        String base = super.getMessage();
        return error == null ? base : base + " (error=" + error + ")";
    }

    @Override
    public String toString() {
        return "LogtoException[" + code + "]: " + getMessage();
    }

    /** Shortens provider-supplied text and removes control characters (log injection). */
    private static String sanitize(String text) {
        return text == null || text.isEmpty() ? null : ProviderText.clean(text, MAX_PROVIDER_TEXT);
    }
}
