package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import io.logto.sdk.SignInOptions;
import io.logto.sdk.SignInRedirect;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sign-in endpoint (default {@code /sign-in}): starts a sign-in and redirects the browser to
 * Logto.
 *
 * <p>Query parameters, all optional:
 * <ul>
 *   <li>{@code returnTo} — where to go after sign-in; only a local path is accepted (see
 *       {@link ReturnPathCheck}), anything else falls back to the configured default return path;</li>
 *   <li>{@code interactionMode} — {@code signIn} or {@code signUp};</li>
 *   <li>{@code firstScreen} — e.g. {@code identifier:register}, {@code single_sign_on};</li>
 *   <li>{@code directSignIn} — e.g. {@code social:naver} or {@code sso:<connector id>};</li>
 *   <li>{@code loginHint} — an email, phone or username to pre-fill.</li>
 * </ul>
 * An unknown {@code interactionMode}, {@code firstScreen} or {@code directSignIn} value is answered
 * with {@code 400}. Example: {@code /sign-in?returnTo=/orders&directSignIn=social:naver}.
 *
 * <p>Registered by {@link LogtoWeb#installEndpoints}; declared in web.xml it finds the
 * {@link LogtoWeb} with {@link LogtoWeb#from}. Thread-safe.
 */
public final class SignInServlet extends LogtoEndpoint {
    private static final System.Logger LOG = System.getLogger(SignInServlet.class.getName());

    /** For web.xml: the {@link LogtoWeb} is looked up in the servlet context at {@link #init()}. */
    public SignInServlet() {
        super(null);
    }

    /**
     * An endpoint of {@code web}.
     *
     * @param web the application's {@link LogtoWeb}
     */
    public SignInServlet(LogtoWeb web) {
        super(web);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ErrorResponses.noStore(response);
        LogtoServletConfig config = web().config();
        SignInOptions options;
        try {
            options = options(request, config.redirectUri());
        } catch (LogtoException invalid) {
            ErrorResponses.html(response, HttpServletResponse.SC_BAD_REQUEST, "Invalid sign-in request",
                    "<p>" + ErrorResponses.escape(invalid.getMessage()) + "</p>\n");
            return;
        }
        String returnTo = ReturnPathCheck.orElse(request.getParameter("returnTo"), config.defaultReturnPath());
        SignInRedirect redirect;
        try {
            redirect = LogtoWeb.await(web().client(request).startSignIn(options));
        } catch (LogtoException e) {
            LOG.log(System.Logger.Level.WARNING, "Sign-in could not start: {0}: {1}", e.code(), e.getMessage());
            ErrorResponses.signInFailed(response, e, config.url(config.signInPath()));
            return;
        }
        PendingReturnPaths.remember(request, redirect.state(), returnTo);
        response.sendRedirect(redirect.url());
    }

    /** The sign-in options from the query; an unknown value is an error rather than silently ignored. */
    static SignInOptions options(HttpServletRequest request, String redirectUri) {
        var builder = SignInOptions.builder(redirectUri);
        parse(request, "interactionMode", SignInOptions.InteractionMode::parse).ifPresent(builder::interactionMode);
        parse(request, "firstScreen", SignInOptions.FirstScreen::parse).ifPresent(builder::firstScreen);
        parse(request, "directSignIn", SignInOptions.DirectSignIn::parse).ifPresent(builder::directSignIn);
        Optional.ofNullable(request.getParameter("loginHint")).filter(s -> !s.isBlank()).ifPresent(builder::loginHint);
        return builder.build();
    }

    private static <T> Optional<T> parse(HttpServletRequest request, String name, Function<String, Optional<T>> parser) {
        String raw = request.getParameter(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        Optional<T> value = parser.apply(raw.strip());
        if (value.isEmpty()) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "unknown " + name + " value");
        }
        return value;
    }
}
