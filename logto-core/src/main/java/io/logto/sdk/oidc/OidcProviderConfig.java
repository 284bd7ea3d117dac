package io.logto.sdk.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import io.logto.sdk.LogtoException;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider metadata the SDK uses, read from {@code /.well-known/openid-configuration}.
 *
 * @param issuer                     the issuer; ID tokens must carry exactly this {@code iss}
 * @param authorizationEndpoint      where users are sent to sign in
 * @param tokenEndpoint              code exchange and refresh
 * @param userinfoEndpoint           user info ({@code /oidc/me} on Logto), if published
 * @param jwksUri                    the signing keys
 * @param endSessionEndpoint         RP-initiated logout, if published
 * @param revocationEndpoint         token revocation, if published
 * @param idTokenSigningAlgValues    algorithms the provider signs ID tokens with
 * @param codeChallengeMethods       PKCE methods the provider accepts
 * @param authorizationResponseIssParameterSupported whether callbacks carry {@code iss} (RFC 9207)
 */
public record OidcProviderConfig(String issuer, URI authorizationEndpoint, URI tokenEndpoint,
                                 Optional<URI> userinfoEndpoint, URI jwksUri,
                                 Optional<URI> endSessionEndpoint, Optional<URI> revocationEndpoint,
                                 List<String> idTokenSigningAlgValues, List<String> codeChallengeMethods,
                                 boolean authorizationResponseIssParameterSupported) {

    /**
     * Copies the lists.
     *
     * @param issuer                     the issuer; ID tokens must carry exactly this {@code iss}
     * @param authorizationEndpoint      where users are sent to sign in
     * @param tokenEndpoint              code exchange and refresh
     * @param userinfoEndpoint           user info ({@code /oidc/me} on Logto), if published
     * @param jwksUri                    the signing keys
     * @param endSessionEndpoint         RP-initiated logout, if published
     * @param revocationEndpoint         token revocation, if published
     * @param idTokenSigningAlgValues    algorithms the provider signs ID tokens with
     * @param codeChallengeMethods       PKCE methods the provider accepts
     * @param authorizationResponseIssParameterSupported whether callbacks carry {@code iss} (RFC 9207)
     */
    public OidcProviderConfig {
        idTokenSigningAlgValues = List.copyOf(idTokenSigningAlgValues);
        codeChallengeMethods = List.copyOf(codeChallengeMethods);
    }

    /**
     * Every endpoint the document names, by its field name, in a stable order: where the SDK sends
     * users, the app secret, codes and tokens, and from where it takes keys and user info.
     *
     * @return field name to URI; the optional endpoints only when published
     */
    public Map<String, URI> endpoints() {
        var endpoints = new LinkedHashMap<String, URI>();
        endpoints.put("authorization_endpoint", authorizationEndpoint);
        endpoints.put("token_endpoint", tokenEndpoint);
        endpoints.put("jwks_uri", jwksUri);
        userinfoEndpoint.ifPresent(uri -> endpoints.put("userinfo_endpoint", uri));
        revocationEndpoint.ifPresent(uri -> endpoints.put("revocation_endpoint", uri));
        endSessionEndpoint.ifPresent(uri -> endpoints.put("end_session_endpoint", uri));
        return Collections.unmodifiableMap(endpoints);
    }

    /** Reads and checks a discovery document. */
    static OidcProviderConfig fromJson(JsonNode json) {
        return new OidcProviderConfig(
                requiredText(json, "issuer"),
                requiredUri(json, "authorization_endpoint"),
                requiredUri(json, "token_endpoint"),
                optionalUri(json, "userinfo_endpoint"),
                requiredUri(json, "jwks_uri"),
                optionalUri(json, "end_session_endpoint"),
                optionalUri(json, "revocation_endpoint"),
                strings(json, "id_token_signing_alg_values_supported"),
                strings(json, "code_challenge_methods_supported"),
                json.path("authorization_response_iss_parameter_supported").asBoolean(false));
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw invalid("has no " + field);
        }
        return node.asText();
    }

    private static URI requiredUri(JsonNode json, String field) {
        return toUri(requiredText(json, field), field);
    }

    private static Optional<URI> optionalUri(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid("has an invalid " + field);
        }
        return Optional.of(toUri(node.asText(), field));
    }

    private static URI toUri(String value, String field) {
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme();
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                throw invalid("has an invalid " + field);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw invalid("has an invalid " + field);
        }
    }

    private static List<String> strings(JsonNode json, String field) {
        var out = new ArrayList<String>();
        JsonNode node = json.get(field);
        if (node != null && node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }

    private static LogtoException invalid(String what) {
        return new LogtoException(LogtoException.Code.DISCOVERY_FAILED, "the discovery document " + what);
    }
}
