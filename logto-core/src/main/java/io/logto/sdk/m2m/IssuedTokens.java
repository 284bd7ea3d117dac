package io.logto.sdk.m2m;

import io.logto.sdk.oidc.GrantedToken;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** Turns the token endpoint's answer into an {@link IssuedToken}, timed by the SDK's clock. */
final class IssuedTokens {
    private IssuedTokens() {
    }

    static IssuedToken of(GrantedToken granted, Clock clock) {
        Instant now = clock.instant();
        var response = granted.response();
        Instant expiresAt = response.expiresIn().map(now::plusSeconds).orElse(now);
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : response.scope().split(" ")) {
            if (!scope.isEmpty()) {
                scopes.add(scope);
            }
        }
        return new IssuedToken(response.accessToken(), response.tokenType(), expiresAt, scopes,
                granted.issuedTokenType());
    }
}
