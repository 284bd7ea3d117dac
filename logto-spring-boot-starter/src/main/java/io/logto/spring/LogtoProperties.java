package io.logto.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code logto.*} properties. Set {@code logto.endpoint} and what the application does:
 * {@code logto.app-id} and {@code logto.base-url} to sign users in, {@code logto.api.resource} to
 * protect an API, {@code logto.m2m.app-id} to call APIs as the application. Checked at start-up
 * ({@link LogtoPropertiesCheck}): a missing or wrong value stops the application with a message that
 * names the property.
 *
 * <pre>
 * logto.endpoint=https://your-tenant.logto.app
 * logto.app-id=...
 * logto.app-secret=${LOGTO_APP_SECRET}
 * logto.base-url=https://app.example.com
 * logto.web.protected-paths=/protected/*
 * logto.api.resource=https://api.example.com
 * logto.api.paths=/api/*
 * </pre>
 *
 * <p>A mutable bean for Spring's binding; read once at start-up. Not thread-safe while bound.
 */
@ConfigurationProperties("logto")
public class LogtoProperties {
    /** Whether the Logto auto-configuration is on. */
    private boolean enabled = true;
    /** The Logto endpoint, e.g. https://your-tenant.logto.app (https; http only for localhost). */
    private String endpoint;
    /** The application id from the Logto Console (a traditional web app); turns on sign-in. */
    private String appId;
    /** The application secret from the Logto Console. */
    private String appSecret;
    /** Extra scopes to ask for at sign-in (openid, offline_access and profile are always asked for), e.g. email, roles. */
    private List<String> scopes = new ArrayList<>();
    /** API resource indicators the signed-in user's access tokens are for. */
    private List<String> resources = new ArrayList<>();
    /** The application's public base URL, e.g. https://app.example.com: redirect URIs are built from it, never from request headers. */
    private String baseUrl;
    /** Allows http:// endpoints and base URLs other than localhost. For local development only. */
    private boolean dangerouslyAllowInsecureHttp;
    /** Sign-in endpoints and protected pages. */
    private final Web web = new Web();
    /** Protecting this application's API with Logto access tokens. */
    private final Api api = new Api();
    /** Machine-to-machine tokens of this application (client credentials). */
    private final M2m m2m = new M2m();

    /**
     * Whether the auto-configuration is on.
     *
     * @return {@code logto.enabled}
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets {@code logto.enabled}.
     *
     * @param enabled whether the auto-configuration is on
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The Logto endpoint.
     *
     * @return {@code logto.endpoint}, or null when unset
     */
    public String getEndpoint() {
        return endpoint;
    }

    /**
     * Sets {@code logto.endpoint}.
     *
     * @param endpoint the Logto endpoint
     */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * The application id.
     *
     * @return {@code logto.app-id}, or null when unset
     */
    public String getAppId() {
        return appId;
    }

    /**
     * Sets {@code logto.app-id}.
     *
     * @param appId the application id
     */
    public void setAppId(String appId) {
        this.appId = appId;
    }

    /**
     * The application secret.
     *
     * @return {@code logto.app-secret}, or null when unset
     */
    public String getAppSecret() {
        return appSecret;
    }

    /**
     * Sets {@code logto.app-secret}.
     *
     * @param appSecret the application secret
     */
    public void setAppSecret(String appSecret) {
        this.appSecret = appSecret;
    }

    /**
     * The extra scopes.
     *
     * @return {@code logto.scopes}
     */
    public List<String> getScopes() {
        return scopes;
    }

    /**
     * Sets {@code logto.scopes}.
     *
     * @param scopes the extra scopes
     */
    public void setScopes(List<String> scopes) {
        this.scopes = scopes;
    }

    /**
     * The API resources of the user's access tokens.
     *
     * @return {@code logto.resources}
     */
    public List<String> getResources() {
        return resources;
    }

    /**
     * Sets {@code logto.resources}.
     *
     * @param resources the resource indicators
     */
    public void setResources(List<String> resources) {
        this.resources = resources;
    }

    /**
     * The application's public base URL.
     *
     * @return {@code logto.base-url}, or null when unset
     */
    public String getBaseUrl() {
        return baseUrl;
    }

    /**
     * Sets {@code logto.base-url}.
     *
     * @param baseUrl the public base URL
     */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * Whether plain http is allowed beyond localhost.
     *
     * @return {@code logto.dangerously-allow-insecure-http}
     */
    public boolean isDangerouslyAllowInsecureHttp() {
        return dangerouslyAllowInsecureHttp;
    }

    /**
     * Sets {@code logto.dangerously-allow-insecure-http}.
     *
     * @param allow whether plain http is allowed beyond localhost
     */
    public void setDangerouslyAllowInsecureHttp(boolean allow) {
        this.dangerouslyAllowInsecureHttp = allow;
    }

    /**
     * The sign-in endpoints and protected pages.
     *
     * @return {@code logto.web.*}
     */
    public Web getWeb() {
        return web;
    }

    /**
     * The API protection.
     *
     * @return {@code logto.api.*}
     */
    public Api getApi() {
        return api;
    }

    /**
     * The machine-to-machine settings.
     *
     * @return {@code logto.m2m.*}
     */
    public M2m getM2m() {
        return m2m;
    }

    @Override
    public String toString() {
        // No secret.
        return "LogtoProperties{endpoint=" + endpoint + ", appId=" + appId + ", baseUrl=" + baseUrl
                + ", api.resource=" + api.resource + ", m2m.appId=" + m2m.appId + "}";
    }

    /** {@code logto.web.*}: the endpoints of the sign-in flow and the pages that need a signed-in user. */
    public static class Web {
        /** The sign-in endpoint. */
        private String signInPath = "/sign-in";
        /** The callback endpoint; register base-url + this path as a redirect URI in the Logto Console. */
        private String callbackPath = "/callback";
        /** The sign-out endpoint (POST with the anti-forgery token). */
        private String signOutPath = "/sign-out";
        /** Where users land after signing out; register base-url + this path as a post sign-out redirect URI. */
        private String postSignOutPath = "/";
        /** Pages for signed-in users only (exact paths or /prefix/*): others are sent to sign in. */
        private List<String> protectedPaths = new ArrayList<>();
        /** Paths for signed-in users only that answer 401 instead of a redirect (exact paths or /prefix/*), e.g. the browser's own JSON calls. */
        private List<String> unauthorizedPaths = new ArrayList<>();
        /** The back-channel logout endpoint, e.g. /backchannel-logout; unset: off. */
        private String backChannelLogoutPath;

        /**
         * The sign-in endpoint.
         *
         * @return {@code logto.web.sign-in-path}
         */
        public String getSignInPath() {
            return signInPath;
        }

        /**
         * Sets {@code logto.web.sign-in-path}.
         *
         * @param signInPath the path
         */
        public void setSignInPath(String signInPath) {
            this.signInPath = signInPath;
        }

        /**
         * The callback endpoint.
         *
         * @return {@code logto.web.callback-path}
         */
        public String getCallbackPath() {
            return callbackPath;
        }

        /**
         * Sets {@code logto.web.callback-path}.
         *
         * @param callbackPath the path
         */
        public void setCallbackPath(String callbackPath) {
            this.callbackPath = callbackPath;
        }

        /**
         * The sign-out endpoint.
         *
         * @return {@code logto.web.sign-out-path}
         */
        public String getSignOutPath() {
            return signOutPath;
        }

        /**
         * Sets {@code logto.web.sign-out-path}.
         *
         * @param signOutPath the path
         */
        public void setSignOutPath(String signOutPath) {
            this.signOutPath = signOutPath;
        }

        /**
         * Where users land after signing out.
         *
         * @return {@code logto.web.post-sign-out-path}
         */
        public String getPostSignOutPath() {
            return postSignOutPath;
        }

        /**
         * Sets {@code logto.web.post-sign-out-path}.
         *
         * @param postSignOutPath the path
         */
        public void setPostSignOutPath(String postSignOutPath) {
            this.postSignOutPath = postSignOutPath;
        }

        /**
         * The pages that redirect to sign-in.
         *
         * @return {@code logto.web.protected-paths}
         */
        public List<String> getProtectedPaths() {
            return protectedPaths;
        }

        /**
         * Sets {@code logto.web.protected-paths}.
         *
         * @param protectedPaths exact paths or /prefix/*
         */
        public void setProtectedPaths(List<String> protectedPaths) {
            this.protectedPaths = protectedPaths;
        }

        /**
         * The paths that answer 401.
         *
         * @return {@code logto.web.unauthorized-paths}
         */
        public List<String> getUnauthorizedPaths() {
            return unauthorizedPaths;
        }

        /**
         * Sets {@code logto.web.unauthorized-paths}.
         *
         * @param unauthorizedPaths exact paths or /prefix/*
         */
        public void setUnauthorizedPaths(List<String> unauthorizedPaths) {
            this.unauthorizedPaths = unauthorizedPaths;
        }

        /**
         * The back-channel logout endpoint.
         *
         * @return {@code logto.web.back-channel-logout-path}, or null when off
         */
        public String getBackChannelLogoutPath() {
            return backChannelLogoutPath;
        }

        /**
         * Sets {@code logto.web.back-channel-logout-path}.
         *
         * @param backChannelLogoutPath the path
         */
        public void setBackChannelLogoutPath(String backChannelLogoutPath) {
            this.backChannelLogoutPath = backChannelLogoutPath;
        }
    }

    /** {@code logto.api.*}: this application as an API (resource server) that accepts Logto access tokens. */
    public static class Api {
        /** The API identifier (resource indicator) from the Logto Console, e.g. https://api.example.com; turns on API protection. */
        private String resource;
        /** The permissions every request to the API paths needs in its token's scope. */
        private List<String> requiredScopes = new ArrayList<>();
        /** The API paths (exact paths or /prefix/*) that need a bearer token. */
        private List<String> paths = new ArrayList<>();

        /**
         * The API identifier.
         *
         * @return {@code logto.api.resource}, or null when unset
         */
        public String getResource() {
            return resource;
        }

        /**
         * Sets {@code logto.api.resource}.
         *
         * @param resource the resource indicator
         */
        public void setResource(String resource) {
            this.resource = resource;
        }

        /**
         * The permissions every API request needs.
         *
         * @return {@code logto.api.required-scopes}
         */
        public List<String> getRequiredScopes() {
            return requiredScopes;
        }

        /**
         * Sets {@code logto.api.required-scopes}.
         *
         * @param requiredScopes the permissions
         */
        public void setRequiredScopes(List<String> requiredScopes) {
            this.requiredScopes = requiredScopes;
        }

        /**
         * The API paths.
         *
         * @return {@code logto.api.paths}
         */
        public List<String> getPaths() {
            return paths;
        }

        /**
         * Sets {@code logto.api.paths}.
         *
         * @param paths exact paths or /prefix/*
         */
        public void setPaths(List<String> paths) {
            this.paths = paths;
        }
    }

    /** {@code logto.m2m.*}: a machine-to-machine application of the same tenant, for client-credentials tokens. */
    public static class M2m {
        /** The machine-to-machine application's id; turns on the ClientCredentialsTokenProvider bean. */
        private String appId;
        /** The machine-to-machine application's secret. */
        private String appSecret;

        /**
         * The machine-to-machine application's id.
         *
         * @return {@code logto.m2m.app-id}, or null when unset
         */
        public String getAppId() {
            return appId;
        }

        /**
         * Sets {@code logto.m2m.app-id}.
         *
         * @param appId the id
         */
        public void setAppId(String appId) {
            this.appId = appId;
        }

        /**
         * The machine-to-machine application's secret.
         *
         * @return {@code logto.m2m.app-secret}, or null when unset
         */
        public String getAppSecret() {
            return appSecret;
        }

        /**
         * Sets {@code logto.m2m.app-secret}.
         *
         * @param appSecret the secret
         */
        public void setAppSecret(String appSecret) {
            this.appSecret = appSecret;
        }
    }
}
