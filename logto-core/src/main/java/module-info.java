/**
 * Logto for Java: sign users in with Logto (OpenID Connect), keep their session, and call APIs with
 * their access tokens. Start with {@link io.logto.sdk.LogtoConfig}, {@link io.logto.sdk.OidcCore} and
 * {@link io.logto.sdk.LogtoClient}; a user's session lives in a {@link io.logto.sdk.storage.Storage}.
 *
 * <p>Protecting an API is {@link io.logto.sdk.resourceserver.AccessTokenValidator}; calling APIs as
 * the app is {@link io.logto.sdk.m2m.ClientCredentialsTokenProvider} and
 * {@link io.logto.sdk.m2m.TokenExchangeClient}.
 *
 * <p>Exports only the API: {@code io.logto.sdk}, {@code io.logto.sdk.storage} and one package per
 * further role ({@code io.logto.sdk.resourceserver}, {@code io.logto.sdk.m2m}). Talking to the
 * provider ({@code io.logto.sdk.oidc}) and the persisted session shapes ({@code io.logto.sdk.session})
 * stay inside. On the class path the jar works as a plain jar.
 */
@SuppressWarnings("requires-automatic") // jose4j names its module in its manifest only
module io.logto.sdk {
    // OidcCore.Builder takes the application's HttpClient.
    requires transitive java.net.http;
    requires com.fasterxml.jackson.databind;
    requires org.jose4j;
    // JwsSignatures: ECDSA on BouncyCastle's curve arithmetic (its classes only, no JCA provider).
    requires org.bouncycastle.provider;

    exports io.logto.sdk;
    exports io.logto.sdk.storage;
    exports io.logto.sdk.resourceserver;
    exports io.logto.sdk.m2m;

    // Jackson reads and writes the persisted session records.
    opens io.logto.sdk.session to com.fasterxml.jackson.databind;
}
