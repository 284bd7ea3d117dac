package io.logto.examples.guide;

import io.logto.sdk.storage.SessionStorage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The guide's storage: Logto's session values kept as attributes of the servlet container's
 * {@link HttpSession}. Wrapped in {@link SessionStorage}, it is the SDK's {@code Storage}.
 * (This file is shown in docs/guide.md and compiled here so that the guide stays true.)
 */
final class HttpSessionAttributes implements SessionStorage.Attributes {
    private final HttpServletRequest request;

    HttpSessionAttributes(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public String getAttribute(String name) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, String value) {
        request.getSession(true).setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(name);
        }
    }

    @Override
    public Object mutex() {
        // Lock the user's session, which every request of that user shares.
        HttpSession session = request.getSession(false);
        return session != null ? session : this;
    }
}
