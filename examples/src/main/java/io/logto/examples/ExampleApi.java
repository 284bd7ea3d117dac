package io.logto.examples;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * The API the servlet example protects and calls: an API resource of your Logto tenant, named by
 * {@code LOGTO_API_RESOURCE} (default {@value #DEFAULT_RESOURCE}), with the permission
 * {@value #SCOPE}. In the Console: API resources → create it with that identifier and permission,
 * then give your users a role that has the permission.
 *
 * @param resource the API resource indicator
 */
public record ExampleApi(String resource) {
    /** The API resource when {@code LOGTO_API_RESOURCE} is not set. */
    public static final String DEFAULT_RESOURCE = "https://api.example.com";
    /** The permission {@code GET /api/profile} needs. */
    public static final String SCOPE = "read:data";

    /** Reads {@code LOGTO_API_RESOURCE} from {@code env} (pass {@code System.getenv()}). */
    public static ExampleApi fromEnvironment(Map<String, String> env) {
        return new ExampleApi(Optional.ofNullable(env.get("LOGTO_API_RESOURCE")).map(String::strip)
                .filter(v -> !v.isEmpty()).orElse(DEFAULT_RESOURCE));
    }

    /**
     * {@code config} also asking, at sign-in, for this API and its permission, so that the user's
     * {@code getAccessToken(resource)} gets a token the API accepts.
     *
     * @throws IllegalArgumentException naming {@code LOGTO_API_RESOURCE} when the SDK refuses it
     */
    public LogtoConfig withApi(LogtoConfig config) {
        var resources = new ArrayList<>(config.resources());
        resources.add(resource);
        var scopes = new ArrayList<>(config.scopes());
        scopes.add(SCOPE);
        try {
            return config.toBuilder().resources(resources).scopes(scopes).build();
        } catch (LogtoException e) {
            throw new IllegalArgumentException("LOGTO_API_RESOURCE: " + e.getMessage(), e);
        }
    }
}
