package io.logto.spring;

import io.logto.sdk.servlet.LogtoServletConfig;
import jakarta.servlet.ServletContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.Locale;
import java.util.Optional;

/**
 * The session cookie's {@code SameSite} when the application set Boot's
 * {@code server.servlet.session.cookie.same-site}: the servlet adapter makes the cookie
 * {@code SameSite=Lax} (Logto's redirect to the callback is a cross-site navigation, which a
 * {@code Strict} cookie does not follow) by an attribute of the servlet context's session-cookie
 * configuration, and that attribute would win over Boot's setting on Tomcat. An explicit choice
 * is the application's: it is put back after the adapter's. Without one the cookie stays
 * {@code Lax}. Stateless.
 */
final class LogtoSessionCookie {
    /** Boot's property, the same in Boot 3.5 and 4.0. */
    static final String SAME_SITE = "server.servlet.session.cookie.same-site";

    private static final System.Logger LOG = System.getLogger(LogtoSessionCookie.class.getName());

    private LogtoSessionCookie() {
    }

    /** The value the application set ({@code Strict}, {@code Lax}, {@code None}; {@code Omitted} as Boot spells it), if any. */
    static Optional<String> sameSiteOf(Environment environment) {
        return Optional.ofNullable(Binder.get(environment).bind(SAME_SITE, String.class).orElse(null))
                .map(String::strip).filter(value -> !value.isEmpty())
                .map(value -> value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1).toLowerCase(Locale.ROOT));
    }

    /** Puts the application's value back on the session cookie; {@code Omitted} leaves the attribute out. */
    static void applySameSite(ServletContext context, String value, LogtoServletConfig config) {
        switch (value) {
            case "Strict" -> LOG.log(System.Logger.Level.WARNING, "{0}=strict: the session cookie does not come "
                    + "back with Logto''s redirect to the callback unless Logto is on the same site as {1} (a "
                    + "custom domain under the same registrable domain); otherwise sign-in fails", SAME_SITE,
                    config.baseUrl());
            case "None" -> {
                if (!config.baseUrl().getScheme().equalsIgnoreCase("https")) {
                    LOG.log(System.Logger.Level.WARNING, "{0}=none needs https: browsers drop a SameSite=None "
                            + "cookie that is not Secure", SAME_SITE);
                }
            }
            case "Lax", "Omitted" -> {
            }
            default -> throw new io.logto.sdk.LogtoException(io.logto.sdk.LogtoException.Code.INVALID_CONFIG,
                    SAME_SITE + " must be strict, lax, none or omitted");
        }
        context.getSessionCookieConfig().setAttribute("SameSite", value.equals("Omitted") ? null : value);
    }
}
