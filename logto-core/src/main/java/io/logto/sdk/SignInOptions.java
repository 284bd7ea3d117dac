package io.logto.sdk;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Options of one sign-in, mirroring the Python SDK's {@code SignInOptions}.
 *
 * <pre>{@code
 * String url = client.signIn(SignInOptions.builder("https://app.example.com/callback")
 *         .directSignIn(SignInOptions.DirectSignIn.social("naver"))
 *         .build()).join();
 * }</pre>
 *
 * @param redirectUri     where Logto sends the user back; must be registered in the Logto Console
 * @param interactionMode whether Logto shows the sign-in or the sign-up page first
 * @param firstScreen     which screen Logto shows first
 * @param identifiers     which identifiers the first screen accepts
 * @param loginHint       an email, phone or username to pre-fill
 * @param directSignIn    a connector to go straight to, skipping Logto's page
 * @param extraParams     any further authorization parameters (they cannot replace the SDK's own)
 * @param initiator       who started this sign-in, as far as the web layer can tell (default
 *                        {@link Initiator#APP}); decides whether it may push out another pending sign-in
 */
public record SignInOptions(String redirectUri, Optional<InteractionMode> interactionMode,
                            Optional<FirstScreen> firstScreen, List<Identifier> identifiers,
                            Optional<String> loginHint, Optional<DirectSignIn> directSignIn,
                            Map<String, String> extraParams, Initiator initiator) {

    /**
     * Options started by {@link Initiator#APP} (the constructor before {@code initiator} existed).
     *
     * @param redirectUri     where Logto sends the user back; must be registered in the Logto Console
     * @param interactionMode whether Logto shows the sign-in or the sign-up page first
     * @param firstScreen     which screen Logto shows first
     * @param identifiers     which identifiers the first screen accepts
     * @param loginHint       an email, phone or username to pre-fill
     * @param directSignIn    a connector to go straight to, skipping Logto's page
     * @param extraParams     any further authorization parameters (they cannot replace the SDK's own)
     */
    public SignInOptions(String redirectUri, Optional<InteractionMode> interactionMode,
                         Optional<FirstScreen> firstScreen, List<Identifier> identifiers,
                         Optional<String> loginHint, Optional<DirectSignIn> directSignIn,
                         Map<String, String> extraParams) {
        this(redirectUri, interactionMode, firstScreen, identifiers, loginHint, directSignIn, extraParams,
                Initiator.APP);
    }

    /**
     * Validates and copies the collections.
     *
     * @param redirectUri     where Logto sends the user back; must be registered in the Logto Console
     * @param interactionMode whether Logto shows the sign-in or the sign-up page first
     * @param firstScreen     which screen Logto shows first
     * @param identifiers     which identifiers the first screen accepts
     * @param loginHint       an email, phone or username to pre-fill
     * @param directSignIn    a connector to go straight to, skipping Logto's page
     * @param extraParams     any further authorization parameters (they cannot replace the SDK's own)
     * @param initiator       who started this sign-in; {@code null} means {@link Initiator#APP}
     */
    public SignInOptions {
        if (redirectUri == null || redirectUri.isBlank()) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "redirectUri is required");
        }
        interactionMode = Objects.requireNonNullElse(interactionMode, Optional.empty());
        firstScreen = Objects.requireNonNullElse(firstScreen, Optional.empty());
        identifiers = List.copyOf(Objects.requireNonNullElse(identifiers, List.of()));
        loginHint = Objects.requireNonNullElse(loginHint, Optional.<String>empty()).filter(s -> !s.isBlank());
        directSignIn = Objects.requireNonNullElse(directSignIn, Optional.empty());
        extraParams = Map.copyOf(Objects.requireNonNullElse(extraParams, Map.of()));
        initiator = Objects.requireNonNullElse(initiator, Initiator.APP);
    }

    /**
     * A builder for the given redirect URI.
     *
     * @param redirectUri where Logto sends the user back; registered in the Logto Console
     * @return a builder for the given redirect URI
     */
    public static Builder builder(String redirectUri) {
        return new Builder(redirectUri);
    }

    /**
     * Options with only a redirect URI.
     *
     * @param redirectUri where Logto sends the user back; registered in the Logto Console
     * @return options with only a redirect URI
     */
    public static SignInOptions of(String redirectUri) {
        return builder(redirectUri).build();
    }

    /**
     * The {@code max_age} these options send, in seconds, read once at sign-in so that the ID
     * token's {@code auth_time} can be checked against it (OIDC Core §3.1.3.7 step 13).
     *
     * @return empty when no {@code max_age} is sent
     * @throws LogtoException {@link LogtoException.Code#INVALID_ARGUMENT} when it is not a whole number of seconds
     */
    OptionalLong maxAgeSeconds() {
        String raw = extraParams.get("max_age");
        if (raw == null) {
            return OptionalLong.empty();
        }
        if (!raw.matches("[0-9]{1,10}")) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "max_age must be a number of seconds");
        }
        return OptionalLong.of(Long.parseLong(raw));
    }

    /**
     * Who started a sign-in. A session keeps at most
     * {@value LogtoClient#MAX_PENDING_SIGN_INS} pending sign-ins (tabs), and
     * another site can make the browser open the sign-in endpoint as often as it likes: so a sign-in
     * that may have been started by another site never pushes out a pending one.
     *
     * <p>Web layers tell them apart with the browser's {@code Sec-Fetch-Site} header
     * ({@link #fromSecFetchSite(String)}), or with an anti-forgery token in a form of their own.
     */
    public enum Initiator {
        /**
         * A page of the application itself, or the user (a typed address, a bookmark). When the
         * session is full, it replaces the oldest {@link #UNVERIFIED} pending sign-in, else the
         * oldest one. The default, so that code that cannot tell keeps the old behaviour.
         */
        APP,
        /**
         * Another site (a link on a marketing page, or an attacker's page), or unknown. Never pushes
         * out a pending sign-in: when the session is full, {@code signIn} fails with
         * {@link LogtoException.Code#TOO_MANY_PENDING_SIGN_INS} and the web layer asks the user to
         * confirm on its own page (which then starts an {@link #APP} sign-in).
         */
        UNVERIFIED;

        /**
         * The initiator as the browser reports it in {@code Sec-Fetch-Site}: {@code same-origin}
         * (a page of the app) and {@code none} (typed, bookmarked) are {@link #APP}; {@code cross-site},
         * {@code same-site} (a sibling subdomain may be someone else's), an unknown value or no
         * header at all (an old browser, or not a browser) are {@link #UNVERIFIED}.
         *
         * @param secFetchSite the header's value, or {@code null}
         * @return the initiator
         */
        public static Initiator fromSecFetchSite(String secFetchSite) {
            if (secFetchSite == null) {
                return UNVERIFIED;
            }
            String value = secFetchSite.strip();
            return value.equalsIgnoreCase("same-origin") || value.equalsIgnoreCase("none") ? APP : UNVERIFIED;
        }
    }

    /** Logto's {@code interaction_mode}. */
    public enum InteractionMode {
        /** Show the sign-in page first. */
        SIGN_IN("signIn"),
        /** Show the sign-up page first. */
        SIGN_UP("signUp");

        private final String value;

        InteractionMode(String value) {
            this.value = value;
        }

        /**
         * The value sent to Logto.
         *
         * @return the value sent to Logto
         */
        public String value() {
            return value;
        }

        /**
         * Parses {@code signIn} / {@code signUp} (case-insensitive).
         *
         * @param value the value, or {@code null}
         * @return the mode; empty for any other value
         */
        public static Optional<InteractionMode> parse(String value) {
            for (var mode : values()) {
                if (mode.value.equalsIgnoreCase(value)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    /** Logto's {@code first_screen}. */
    public enum FirstScreen {
        /** The sign-in form. */
        SIGN_IN("identifier:sign_in"),
        /** The registration form. */
        REGISTER("identifier:register"),
        /** Enterprise single sign-on. */
        SINGLE_SIGN_ON("single_sign_on"),
        /** The password reset form. */
        RESET_PASSWORD("reset_password");

        private final String value;

        FirstScreen(String value) {
            this.value = value;
        }

        /**
         * The value sent to Logto.
         *
         * @return the value sent to Logto
         */
        public String value() {
            return value;
        }

        /**
         * Parses the value sent to Logto (e.g. {@code identifier:register}).
         *
         * @param value the value, or {@code null}
         * @return the first screen; empty for any other value
         */
        public static Optional<FirstScreen> parse(String value) {
            for (var screen : values()) {
                if (screen.value.equalsIgnoreCase(value)) {
                    return Optional.of(screen);
                }
            }
            return Optional.empty();
        }
    }

    /** An identifier accepted on the first screen, sent space-separated as {@code identifier}. */
    public enum Identifier {
        /** Username. */
        USERNAME("username"),
        /** Email address. */
        EMAIL("email"),
        /** Phone number. */
        PHONE("phone");

        private final String value;

        Identifier(String value) {
            this.value = value;
        }

        /**
         * The value sent to Logto.
         *
         * @return the value sent to Logto
         */
        public String value() {
            return value;
        }
    }

    /**
     * Logto's {@code direct_sign_in}: go straight to a social connector or an SSO connector.
     *
     * @param method social or SSO
     * @param target the connector's target (e.g. {@code naver}) or SSO connector id
     */
    public record DirectSignIn(Method method, String target) {
        /** The kind of direct sign-in. */
        public enum Method {
            /** A social connector, by target (e.g. {@code naver}, {@code google}, {@code github}). */
            SOCIAL("social"),
            /** An enterprise SSO connector, by id. */
            SSO("sso");

            private final String value;

            Method(String value) {
                this.value = value;
            }

            /**
             * The value sent to Logto.
             *
             * @return the value sent to Logto
             */
            public String value() {
                return value;
            }
        }

        /**
         * Validates the target.
         *
         * @param method social or SSO
         * @param target the connector's target (e.g. {@code naver}) or SSO connector id
         */
        public DirectSignIn {
            Objects.requireNonNull(method, "method");
            if (target == null || target.isBlank() || target.contains(":")) {
                throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "direct sign-in target is invalid");
            }
        }

        /**
         * Direct sign-in with a social connector, e.g. {@code social("naver")}.
         *
         * @param target the social connector's target, e.g. {@code naver}
         * @return the direct sign-in
         */
        public static DirectSignIn social(String target) {
            return new DirectSignIn(Method.SOCIAL, target);
        }

        /**
         * Direct sign-in with an SSO connector id.
         *
         * @param connectorId the SSO connector id
         * @return the direct sign-in
         */
        public static DirectSignIn sso(String connectorId) {
            return new DirectSignIn(Method.SSO, connectorId);
        }

        /**
         * Parses {@code social:naver} or {@code sso:abc}.
         *
         * @param value the value, or {@code null}
         * @return the direct sign-in; empty when the value is not one
         */
        public static Optional<DirectSignIn> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            int colon = value.indexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                return Optional.empty();
            }
            String method = value.substring(0, colon);
            String target = value.substring(colon + 1);
            for (var m : Method.values()) {
                if (m.value.equalsIgnoreCase(method) && !target.contains(":") && !target.isBlank()) {
                    return Optional.of(new DirectSignIn(m, target));
                }
            }
            return Optional.empty();
        }

        /**
         * The value sent to Logto: {@code method:target}.
         *
         * @return the value sent to Logto
         */
        public String value() {
            return method.value() + ":" + target;
        }
    }

    /** Gathers sign-in options. Not thread-safe. */
    public static final class Builder {
        private final String redirectUri;
        private InteractionMode interactionMode;
        private FirstScreen firstScreen;
        private List<Identifier> identifiers = List.of();
        private String loginHint;
        private DirectSignIn directSignIn;
        private final Map<String, String> extraParams = new LinkedHashMap<>();
        private Initiator initiator = Initiator.APP;

        private Builder(String redirectUri) {
            this.redirectUri = redirectUri;
        }

        /**
         * Sign-in or sign-up page first.
         *
         * @param interactionMode sign-in or sign-up page first
         * @return this builder
         */
        public Builder interactionMode(InteractionMode interactionMode) {
            this.interactionMode = interactionMode;
            return this;
        }

        /**
         * The first screen Logto shows.
         *
         * @param firstScreen the first screen Logto shows
         * @return this builder
         */
        public Builder firstScreen(FirstScreen firstScreen) {
            this.firstScreen = firstScreen;
            return this;
        }

        /**
         * The identifiers the first screen accepts.
         *
         * @param identifiers the identifiers the first screen accepts
         * @return this builder
         */
        public Builder identifiers(List<Identifier> identifiers) {
            this.identifiers = List.copyOf(identifiers);
            return this;
        }

        /**
         * An identifier to pre-fill.
         *
         * @param loginHint an identifier to pre-fill
         * @return this builder
         */
        public Builder loginHint(String loginHint) {
            this.loginHint = loginHint;
            return this;
        }

        /**
         * Go straight to a connector.
         *
         * @param directSignIn go straight to a connector
         * @return this builder
         */
        public Builder directSignIn(DirectSignIn directSignIn) {
            this.directSignIn = directSignIn;
            return this;
        }

        /**
         * Asks Logto to authenticate the user again unless they did so within {@code maxAge}
         * ({@code max_age}, OIDC Core §3.1.2.1); the ID token's {@code auth_time} is then checked
         * against it (§3.1.3.7 step 13). Whole seconds; the same as {@code extraParam("max_age", …)}.
         *
         * @param maxAge the longest since the user last authenticated; not negative
         * @return this builder
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative()) {
                throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "maxAge must not be negative");
            }
            return extraParam("max_age", Long.toString(maxAge.toSeconds()));
        }

        /**
         * One further authorization parameter.
         *
         * @param name the parameter's name; not one the SDK sets
         * @param value its value
         * @return this builder
         */
        public Builder extraParam(String name, String value) {
            this.extraParams.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Further authorization parameters.
         *
         * @param params the parameters, in order; names may repeat
         * @return this builder
         */
        public Builder extraParams(Map<String, String> params) {
            params.forEach(this::extraParam);
            return this;
        }

        /**
         * Who started this sign-in (default {@link Initiator#APP}); web layers pass
         * {@code Initiator.fromSecFetchSite(request.getHeader("Sec-Fetch-Site"))}.
         *
         * @param initiator who started this sign-in
         * @return this builder
         */
        public Builder initiator(Initiator initiator) {
            this.initiator = Objects.requireNonNull(initiator, "initiator");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public SignInOptions build() {
            return new SignInOptions(redirectUri, Optional.ofNullable(interactionMode),
                    Optional.ofNullable(firstScreen), identifiers, Optional.ofNullable(loginHint),
                    Optional.ofNullable(directSignIn), extraParams, initiator);
        }
    }
}
