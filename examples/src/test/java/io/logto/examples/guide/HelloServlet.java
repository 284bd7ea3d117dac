package io.logto.examples.guide;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.servlet.LogtoAuthFilter;
import io.logto.sdk.servlet.LogtoWeb;
import io.logto.sdk.servlet.SignOutForm;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A page behind the adapter's filter, as the guide shows it: the filter has already sent signed-out
 * visitors to sign in, and hands over the user's claims; the page offers the adapter's sign-out
 * button. (Shown in docs/guide.md.)
 */
public final class HelloServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        IdTokenClaims user = LogtoAuthFilter.idTokenClaims(request).orElseThrow();   // set by the filter
        LogtoClient logto = LogtoWeb.from(getServletContext()).client(request);       // for tokens, user info
        String signOutButton = SignOutForm.button(request, "Sign out");              // a POST form with the session's token
        response.setContentType("text/html; charset=utf-8");
        response.getWriter().print("<p>Hello, " + escape(user.name().orElse(user.sub()))
                + (logto.getAccessToken().join().isPresent() ? " (with an access token)" : "") + "</p>\n"
                + signOutButton);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
