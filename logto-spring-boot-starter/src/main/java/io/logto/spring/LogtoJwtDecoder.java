package io.logto.spring;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoException;
import io.logto.sdk.LogtoScopes;
import io.logto.sdk.resourceserver.AccessRequirement;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.resourceserver.BearerError;
import io.logto.sdk.resourceserver.VerifiedAccessToken;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * A Spring Security {@link JwtDecoder} for Logto access tokens, on the core's
 * {@link AccessTokenValidator}: Logto signs access tokens with ES384 and types them {@code at+jwt},
 * which Spring's default decoder refuses; this one checks what the validator checks (signature with
 * the tenant's keys, {@code typ}, issuer, times, {@code sub} and {@code client_id}, audience) and
 * nothing else is needed.
 *
 * <p>Which tokens it accepts: tokens for the API ({@code aud} = {@code logto.api.resource}), with or
 * without an {@code organization_id}, and organization tokens ({@code aud} =
 * {@code urn:logto:organization:<id>}). A decoder does not see the request, so it cannot know which
 * organization the request is about: it takes the token's own, and the authorities
 * ({@link LogtoAuthorities#ofToken}) keep an organization's permissions apart from the API's global
 * ones — an organization route checks {@code ORGANIZATION_<id>:…} for the id in its path. Scopes are
 * checked by authorization rules, so that a missing one is a {@code 403}.
 *
 * <p>Refused tokens raise {@link BadJwtException} ({@code 401 invalid_token}); when Logto's keys
 * cannot be fetched, a plain {@link JwtException}. Thread-safe; with the key set cached, decoding
 * makes no network call.
 */
public final class LogtoJwtDecoder implements JwtDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final AccessTokenValidator validator;

    /**
     * A decoder on {@code validator}.
     *
     * @param validator the validator of the API's tokens
     */
    public LogtoJwtDecoder(AccessTokenValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        // Read unverified only to choose the kind of check; nothing is trusted before validate() passes.
        Map<String, Object> headers = part(token, 0);
        Map<String, Object> claims = part(token, 1);
        VerifiedAccessToken verified;
        try {
            verified = validator.validate(token, requirementOf(claims)).join();
        } catch (CompletionException e) {
            throw refusal(e.getCause());
        } catch (LogtoException e) {
            throw refusal(e);
        }
        var jwtClaims = new LinkedHashMap<>(claims);
        jwtClaims.put("iat", verified.issuedAt());
        jwtClaims.put("exp", verified.expiresAt());
        jwtClaims.put("aud", verified.audience());
        if (claims.get("nbf") instanceof Number nbf) {
            jwtClaims.put("nbf", Instant.ofEpochSecond(nbf.longValue()));
        }
        return new Jwt(token, verified.issuedAt(), verified.expiresAt(), headers, jwtClaims);
    }

    /** The check that fits the token's kind: an organization token, an API token in an organization, or a global one. */
    private static AccessRequirement requirementOf(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        List<?> audiences = aud instanceof List<?> list ? list : aud == null ? List.of() : List.of(aud);
        for (Object audience : audiences) {
            if (audience instanceof String s && LogtoScopes.isOrganizationUrn(s)) {
                return AccessRequirement.organization(s.substring(LogtoScopes.ORGANIZATION_URN_PREFIX.length()));
            }
        }
        if (claims.get("organization_id") instanceof String organization && !organization.isBlank()) {
            return AccessRequirement.organizationApi(organization);
        }
        return AccessRequirement.api();
    }

    private static JwtException refusal(Throwable cause) {
        if (cause instanceof LogtoException e) {
            Optional<BearerError> error = BearerError.of(e);
            if (error.isPresent()) {
                return new BadJwtException("Logto access token refused: " + e.code());
            }
            return new JwtException("Logto access token could not be checked: " + e.code());
        }
        return new JwtException("Logto access token could not be checked");
    }

    /** A part of a compact JWS, decoded; a malformed token is a {@link BadJwtException}. */
    private static Map<String, Object> part(String token, int index) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || token.length() > 16 * 1024) {
            throw new BadJwtException("Logto access token refused: ACCESS_TOKEN_MALFORMED");
        }
        try {
            Map<String, Object> map = JSON.readValue(Base64.getUrlDecoder().decode(parts[index]), OBJECT);
            if (map == null) {
                throw new IOException("null");
            }
            return map;
        } catch (IOException | IllegalArgumentException e) {
            throw new BadJwtException("Logto access token refused: ACCESS_TOKEN_MALFORMED");
        }
    }

    @Override
    public String toString() {
        return "LogtoJwtDecoder{" + validator + "}";
    }
}
