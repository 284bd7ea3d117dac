package io.logto.sdk.resourceserver;

import io.logto.sdk.LogtoException;

import java.util.Optional;

/**
 * The error codes of RFC 6750 §3.1 that a resource server answers, with their HTTP status, and
 * which {@link LogtoException.Code} maps to which: a framework adapter writes
 * {@code WWW-Authenticate: Bearer error="<errorCode>"} with {@link #httpStatus()}.
 *
 * <pre>{@code
 * } catch (LogtoException e) {
 *     BearerError error = BearerError.of(e).orElse(null);   // empty: Logto itself failed, answer 503
 * }
 * }</pre>
 */
public enum BearerError {
    /** The request is malformed (e.g. two Authorization headers): HTTP 400. */
    INVALID_REQUEST("invalid_request", 400),
    /** The token is expired, forged, malformed or not meant for this API: HTTP 401. */
    INVALID_TOKEN("invalid_token", 401),
    /** The token is valid but lacks a permission or the right organization: HTTP 403. */
    INSUFFICIENT_SCOPE("insufficient_scope", 403);

    private final String errorCode;
    private final int httpStatus;

    BearerError(String errorCode, int httpStatus) {
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    /**
     * The RFC 6750 name, for the {@code error} attribute of the challenge.
     *
     * @return e.g. {@code invalid_token}
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * The HTTP status RFC 6750 §3.1 gives the error.
     *
     * @return 400, 401 or 403
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The bearer error a validation failure answers.
     *
     * @param code a failure's code
     * @return the error; empty when the failure is not the token's fault (Logto's discovery or key
     *         set could not be fetched: answer 503) or not a validation failure at all
     */
    public static Optional<BearerError> of(LogtoException.Code code) {
        return switch (code) {
            case ACCESS_TOKEN_MALFORMED, ACCESS_TOKEN_SIGNATURE_INVALID, ACCESS_TOKEN_TYPE_INVALID,
                 ACCESS_TOKEN_ISSUER_MISMATCH, ACCESS_TOKEN_AUDIENCE_MISMATCH, ACCESS_TOKEN_EXPIRED,
                 ACCESS_TOKEN_NOT_YET_VALID, ACCESS_TOKEN_CLAIMS_INVALID -> Optional.of(INVALID_TOKEN);
            case ACCESS_TOKEN_INSUFFICIENT_SCOPE, ACCESS_TOKEN_ORGANIZATION_MISMATCH -> Optional.of(INSUFFICIENT_SCOPE);
            default -> Optional.empty();
        };
    }

    /**
     * The bearer error a validation failure answers.
     *
     * @param failure a failure of {@link AccessTokenValidator#validate}
     * @return the error; empty as for {@link #of(LogtoException.Code)}
     */
    public static Optional<BearerError> of(LogtoException failure) {
        return of(failure.code());
    }
}
