package io.logto.examples;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.LogtoScopes;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The examples' configuration, read from environment variables:
 * <ul>
 *   <li>{@code LOGTO_ENDPOINT}: your Logto, e.g. {@code https://tenant.logto.app}. Unset: the
 *       example starts a {@link LocalOidcProvider local development provider} instead.</li>
 *   <li>{@code LOGTO_APP_ID}, {@code LOGTO_APP_SECRET}: the Traditional web app from the Console
 *       (required with {@code LOGTO_ENDPOINT}).</li>
 *   <li>{@code LOGTO_BASE_URL}: where the browser reaches this app (default
 *       {@value #DEFAULT_BASE_URL}); the port is taken from it.</li>
 *   <li>{@code LOGTO_SCOPES}: extra scopes, space or comma separated (default: email and the
 *       organization scopes; an empty value asks for none).</li>
 *   <li>{@code LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP}: {@code true} to allow plain http to a Logto
 *       or base URL that is not on loopback (a Logto container on a private network); default
 *       {@code false}: https, or http only for localhost, 127.0.0.0/8 and [::1].</li>
 * </ul>
 *
 * @param endpoint            the Logto endpoint, empty to use the local provider
 * @param appId               the application id
 * @param appSecret           the application secret, empty for none
 * @param baseUrl             the app's public base URL, without a path
 * @param scopes              the extra scopes to ask for
 * @param insecureHttpAllowed whether plain http to hosts that are not loopback is allowed
 */
public record ExampleSettings(Optional<String> endpoint, String appId, Optional<String> appSecret, URI baseUrl,
                             List<String> scopes, boolean insecureHttpAllowed) {
    /** The base URL when {@code LOGTO_BASE_URL} is not set. */
    public static final String DEFAULT_BASE_URL = "http://localhost:8080";
    /** The scopes asked for when {@code LOGTO_SCOPES} is not set. */
    public static final List<String> DEFAULT_SCOPES =
            List.of(LogtoScopes.EMAIL, LogtoScopes.ORGANIZATIONS, LogtoScopes.ORGANIZATION_ROLES);

    /** Copies the list. */
    public ExampleSettings {
        scopes = List.copyOf(scopes);
    }

    /**
     * Reads the settings from {@code env} (pass {@code System.getenv()}).
     *
     * @throws IllegalArgumentException with a message for the user when a value is wrong or missing
     */
    public static ExampleSettings fromEnvironment(Map<String, String> env) {
        Optional<String> endpoint = value(env, "LOGTO_ENDPOINT");
        String appId = value(env, "LOGTO_APP_ID").orElse(null);
        if (appId == null && endpoint.isPresent()) {
            throw new IllegalArgumentException("LOGTO_APP_ID is required when LOGTO_ENDPOINT is set: copy the "
                    + "App ID of your Traditional web app from the Logto Console.");
        }
        Optional<String> secret = endpoint.isPresent() ? value(env, "LOGTO_APP_SECRET")
                : Optional.of(LocalOidcProvider.APP_SECRET);
        if (secret.isEmpty()) {
            // Without it Logto refuses the code exchange (invalid_client) after the user signed in.
            throw new IllegalArgumentException("LOGTO_APP_SECRET is required when LOGTO_ENDPOINT is set: copy the "
                    + "App secret of your Traditional web app from the Logto Console (application details page).");
        }
        URI baseUrl = parseBaseUrl(value(env, "LOGTO_BASE_URL").orElse(DEFAULT_BASE_URL));
        String scopes = env.get("LOGTO_SCOPES");
        String insecure = value(env, "LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP").orElse("false");
        if (!insecure.equalsIgnoreCase("true") && !insecure.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP must be true or false, got: "
                    + insecure);
        }
        return new ExampleSettings(endpoint, appId == null ? LocalOidcProvider.APP_ID : appId, secret, baseUrl,
                scopes == null ? DEFAULT_SCOPES : splitScopes(scopes), insecure.equalsIgnoreCase("true"));
    }

    /** Whether no Logto endpoint is configured, so the local development provider is used. */
    public boolean usesLocalProvider() {
        return endpoint.isEmpty();
    }

    /**
     * The SDK configuration for the given endpoint (the configured one or the local provider's).
     *
     * @throws IllegalArgumentException when the SDK refuses a value: the message names its variable
     */
    public LogtoConfig logtoConfig(String endpoint) {
        var builder = LogtoConfig.builder().endpoint(endpoint).appId(appId).scopes(scopes);
        appSecret.ifPresent(builder::appSecret);
        if (insecureHttpAllowed) {
            builder.dangerouslyAllowInsecureHttp();
        }
        try {
            return builder.build();
        } catch (LogtoException e) {
            throw new IllegalArgumentException(variableOf(e.getMessage()) + ": " + e.getMessage(), e);
        }
    }

    /** The variable behind a setting the SDK refused: its messages start with the setting's name. */
    private static String variableOf(String message) {
        if (message.startsWith("endpoint")) {
            return "LOGTO_ENDPOINT";
        } else if (message.startsWith("appSecret")) {
            return "LOGTO_APP_SECRET";
        } else if (message.startsWith("appId")) {
            return "LOGTO_APP_ID";
        } else if (message.startsWith("scope")) {
            return "LOGTO_SCOPES";
        }
        return "LOGTO_ENDPOINT, LOGTO_APP_ID, LOGTO_APP_SECRET or LOGTO_SCOPES";
    }

    /** These settings with another base URL (tests use {@code http://127.0.0.1:0}). */
    public ExampleSettings withBaseUrl(URI baseUrl) {
        return new ExampleSettings(endpoint, appId, appSecret, parseBaseUrl(baseUrl.toString()), scopes,
                insecureHttpAllowed);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static List<String> splitScopes(String raw) {
        return Arrays.stream(raw.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
    }

    // Not LogtoServletConfig's reading (private to the adapter's configuration, and it allows a
    // path): the examples serve at the root, and the JDK example has no adapter configuration.
    static URI parseBaseUrl(String raw) {
        String trimmed = raw.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(raw, "expected scheme://host[:port] with no path");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("LOGTO_BASE_URL must look like http://localhost:8080 (no path), got: "
                    + raw);
        }
    }
}
