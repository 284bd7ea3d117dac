package io.logto.sdk.m2m;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.net.URI;

/**
 * Logto's Management API, as a machine-to-machine app calls it: get a token for its resource
 * indicator with the scope {@code all} (give the app an M2M role with "Logto Management API access"
 * in the Console), then call {@code {endpoint}/api/...} with it.
 *
 * <pre>{@code
 * var tokens = ClientCredentialsTokenProvider.create(config);          // an M2M app's id and secret
 * IssuedToken token = tokens.token(ManagementApi.tokenRequest("your-tenant-id")).join();
 * HttpRequest users = HttpRequest.newBuilder(ManagementApi.uri(config, "/users"))
 *         .header("Authorization", token.authorizationHeader()).build();
 * }</pre>
 *
 * <p>The resource indicator is an identifier, not where the API is served: Logto Cloud's is
 * {@code https://<tenant-id>.logto.app/api}, a self-hosted Logto's {@link #SELF_HOSTED_RESOURCE}
 * (its tenant id is {@code default}), whatever domain the API is reached on. Stateless.
 */
public final class ManagementApi {
    /** The Management API's one scope. */
    public static final String SCOPE = "all";
    /** The tenant id of a self-hosted (open-source) Logto. */
    public static final String SELF_HOSTED_TENANT_ID = "default";
    /** The resource indicator of a self-hosted Logto's Management API. */
    public static final String SELF_HOSTED_RESOURCE = "https://default.logto.app/api";

    private ManagementApi() {
    }

    /**
     * The Management API's resource indicator for a tenant.
     *
     * @param tenantId the tenant id (Console → Tenant settings; {@code default} when self-hosted)
     * @return {@code https://<tenant-id>.logto.app/api}
     * @throws LogtoException {@link LogtoException.Code#INVALID_ARGUMENT} when the id is not a DNS label
     */
    public static String resource(String tenantId) {
        if (tenantId == null || !tenantId.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT,
                    "tenantId must be a tenant id such as 'default' or 'abc123'");
        }
        return "https://" + tenantId + ".logto.app/api";
    }

    /**
     * The request for a Management API token of a tenant: its resource with the scope {@code all}.
     *
     * @param tenantId the tenant id ({@code default} when self-hosted)
     * @return the request
     */
    public static ClientCredentialsRequest tokenRequest(String tenantId) {
        return ClientCredentialsRequest.forResource(resource(tenantId), SCOPE);
    }

    /**
     * Where a Management API path is served for this configuration's Logto.
     *
     * @param config the M2M app's configuration
     * @param path   the API path, e.g. {@code /users} or {@code /users?page_size=20}
     * @return {@code {endpoint}/api{path}}
     */
    public static URI uri(LogtoConfig config, String path) {
        if (path == null || !path.startsWith("/")) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "path must start with /");
        }
        return URI.create(config.endpoint() + "/api" + path);
    }
}
