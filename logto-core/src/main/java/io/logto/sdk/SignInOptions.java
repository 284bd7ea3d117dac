package io.logto.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 */
public record SignInOptions(String redirectUri, Optional<InteractionMode> interactionMode,
                            Optional<FirstScreen> firstScreen, List<Identifier> identifiers,
                            Optional<String> loginHint, Optional<DirectSignIn> directSignIn,
                            Map<String, String> extraParams) {

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
         * Builds the options.
         *
         * @return the options
         */
        public SignInOptions build() {
            return new SignInOptions(redirectUri, Optional.ofNullable(interactionMode),
                    Optional.ofNullable(firstScreen), identifiers, Optional.ofNullable(loginHint),
                    Optional.ofNullable(directSignIn), extraParams);
        }
    }
}
