package io.logto.spring.app;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/** Pages of the test applications, with and without Spring Security. */
@RestController
public class PagesController {
    /**
     * Public.
     *
     * @return text
     */
    @GetMapping("/")
    public String home() {
        return "home";
    }

    /**
     * For signed-in users ({@code logto.web.protected-paths}).
     *
     * @param user  the user's claims
     * @param logto the request's client
     * @return a greeting
     */
    @GetMapping("/protected/page")
    public String page(IdTokenClaims user, LogtoClient logto) {
        return "Hello " + user.name().orElse("?") + " (" + user.sub() + "), signed in: " + logto.isAuthenticated().join();
    }

    /**
     * For signed-in users, 401 otherwise ({@code logto.web.unauthorized-paths}).
     *
     * @param user the user's claims
     * @return the user's id
     */
    @GetMapping("/me.json")
    public String me(IdTokenClaims user) {
        return "{\"sub\":\"" + user.sub() + "\"}";
    }

    /**
     * Public, and says who is signed in.
     *
     * @param user the user's claims, if any
     * @return the user's id, or anonymous
     */
    @GetMapping("/optional")
    public String optional(Optional<IdTokenClaims> user) {
        return user.map(IdTokenClaims::sub).orElse("anonymous");
    }
}
