package io.logto.spring.app;

import io.logto.sdk.resourceserver.VerifiedAccessToken;
import io.logto.sdk.servlet.SignOutForm;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.parameters.P;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;
import java.util.stream.Collectors;

/** What the application with Spring Security adds. */
@RestController
public class SecuredController {
    /**
     * A page with the sign-out form: Spring Security's token and the adapter's.
     *
     * @param request the request
     * @param csrf    Spring Security's token
     * @return HTML
     */
    @GetMapping("/sign-out-form")
    public String signOutForm(HttpServletRequest request, CsrfToken csrf) {
        return "<form method=\"post\" action=\"/sign-out\">" + SignOutForm.hiddenField(request)
                + "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\"" + csrf.getToken() + "\">"
                + "</form>";
    }

    /**
     * Who Spring Security thinks the caller is.
     *
     * @param authentication the request's authentication
     * @return the name, the type and the authorities
     */
    @GetMapping("/whoami")
    public String whoami(Authentication authentication) {
        if (authentication == null) {
            return "nobody";
        }
        return authentication.getName() + " " + authentication.getClass().getSimpleName() + " "
                + authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted()
                .collect(Collectors.joining(","));
    }

    /**
     * For admins only ({@code @PreAuthorize}); a protected path too.
     *
     * @return text
     */
    @GetMapping("/admin")
    @PreAuthorize("hasRole('admin')")
    public String admin() {
        return "admin area";
    }

    /**
     * The API: who called.
     *
     * @param authentication the token's authentication
     * @return the name and authorities
     */
    @GetMapping("/api/profile")
    public String profile(Authentication authentication) {
        return whoami(authentication);
    }

    /**
     * The API, with the core's view of the caller's token (the resource server accepted it).
     *
     * @param token the accepted token
     * @return its claims
     */
    @GetMapping("/api/token")
    public String token(VerifiedAccessToken token) {
        return "{\"sub\":\"" + token.subject() + "\",\"scopes\":\"" + String.join(" ", token.scopes())
                + "\",\"clientId\":\"" + token.clientId() + "\",\"jti\":" + token.tokenId().isPresent()
                + ",\"extra\":\"" + token.extra().keySet().stream().sorted().collect(Collectors.joining(",")) + "\"}";
    }

    /**
     * Public: the caller's access token, if any (a signed-in session is not one).
     *
     * @param token the accepted token, if any
     * @return its subject, or none
     */
    @GetMapping("/token/optional")
    public String optionalToken(Optional<VerifiedAccessToken> token) {
        return token.map(VerifiedAccessToken::subject).orElse("none");
    }

    /**
     * An organization route ({@code @P} names the parameter for SpEL: this module compiles without
     * {@code -parameters}, which Boot's parent POM would set): the token must act in the organization of the path, with the permission.
     *
     * @param orgId the organization of the request
     * @return text
     */
    @GetMapping("/orgs/{orgId}/members")
    @PreAuthorize("hasAuthority(T(io.logto.spring.LogtoAuthorities).organizationPermission(#orgId, 'invite:member'))")
    public String members(@P("orgId") @PathVariable("orgId") String orgId) {
        return "members of " + orgId;
    }
}
