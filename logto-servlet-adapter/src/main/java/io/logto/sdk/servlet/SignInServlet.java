package io.logto.sdk.servlet;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.SignInOptions;
import io.logto.sdk.SignInRedirect;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
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
 * <p>Any site can link here, and make the browser come here as often as it likes. A session keeps
 * at most {@value LogtoClient#MAX_PENDING_SIGN_INS} pending sign-ins, so a sign-in that the browser
 * does not mark as started by a page of this app ({@code Sec-Fetch-Site} other than
 * {@code same-origin} or {@code none}) never pushes out a pending one
 * ({@link SignInOptions.Initiator#UNVERIFIED}): when the session is full it gets a small page
 * ({@code 429}) with a "Continue" button that posts the same parameters and the session's
 * anti-forgery token here, which then starts the sign-in as the app's own. A link from a marketing
 * page thus works as before, and forged navigations cannot break the user's own pending sign-in.
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
        start(request, response, SignInOptions.Initiator.fromSecFetchSite(request.getHeader("Sec-Fetch-Site")));
    }

    /** The "Continue" button of the page below: with the session's token, the app's own sign-in. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        start(request, response, CsrfToken.accepts(request, web().config())
                ? SignInOptions.Initiator.APP : SignInOptions.Initiator.UNVERIFIED);
    }

    private void start(HttpServletRequest request, HttpServletResponse response, SignInOptions.Initiator initiator)
            throws IOException {
        ErrorResponses.noStore(response);
        LogtoServletConfig config = web().config();
        SignInOptions options;
        try {
            options = options(request, config.redirectUri(), initiator);
        } catch (LogtoException invalid) {
            ErrorResponses.html(response, HttpServletResponse.SC_BAD_REQUEST, "Invalid sign-in request",
                    "<p>" + ErrorResponses.escape(invalid.getMessage()) + "</p>\n");
            return;
        }
        String returnTo = ReturnPathCheck.orElse(request.getParameter("returnTo"), config.defaultReturnPath());
        LogtoClient client = web().client(request);
        SignInRedirect redirect;
        try {
            redirect = LogtoWeb.await(client.startSignIn(options));
        } catch (LogtoException e) {
            if (e.code() == LogtoException.Code.TOO_MANY_PENDING_SIGN_INS) {
                confirmPage(request, response);
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "Sign-in could not start: {0}: {1}", e.code(), e.getMessage());
            ErrorResponses.signInFailed(response, e, config.url(config.signInPath()));
            return;
        }
        PendingReturnPaths.remember(request, client, redirect.state(), returnTo);
        response.sendRedirect(redirect.url());
    }

    /** Asks the user to continue on our page: the form posts the same parameters and the token here. */
    private void confirmPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LogtoServletConfig config = web().config();
        var fields = new StringBuilder(SignOutForm.hiddenField(request));
        for (String name : List.of("returnTo", "interactionMode", "firstScreen", "directSignIn", "loginHint")) {
            String value = request.getParameter(name);
            if (value != null && !value.isBlank()) {
                fields.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(ErrorResponses.escape(value)).append("\">");
            }
        }
        ErrorResponses.html(response, 429, "Continue signing in",
                "<p>Several sign-ins are already under way in this browser. Continue with this one?</p>\n"
                        + ErrorResponses.postForm(config.url(config.signInPath()), fields.toString(), "Continue") + "\n");
    }

    /** The sign-in options from the query; an unknown value is an error rather than silently ignored. */
    static SignInOptions options(HttpServletRequest request, String redirectUri, SignInOptions.Initiator initiator) {
        var builder = SignInOptions.builder(redirectUri).initiator(initiator);
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
