package io.logto.spring.app;

import io.logto.sdk.resourceserver.VerifiedAccessToken;
import io.logto.sdk.servlet.SignOutForm;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the application without Spring Security adds: its sign-out form and its API. */
@RestController
public class PlainController {
    /**
     * A page with the sign-out form.
     *
     * @param request the request
     * @return HTML
     */
    @GetMapping("/sign-out-form")
    public String signOutForm(HttpServletRequest request) {
        return "<form method=\"post\" action=\"/sign-out\">" + SignOutForm.hiddenField(request) + "</form>";
    }

    /**
     * The API ({@code logto.api.paths}).
     *
     * @param token the accepted token
     * @return who called
     */
    @GetMapping("/api/profile")
    public String profile(VerifiedAccessToken token) {
        return "{\"sub\":\"" + token.subject() + "\",\"scopes\":\"" + String.join(" ", token.scopes()) + "\"}";
    }
}
