package io.logto.sdk.servlet;

import io.logto.sdk.storage.CookieKeys;
import io.logto.testing.MutableClock;
import io.logto.testing.RotatingOidcProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions in encrypted cookies: nodes that share nothing but the keys serve one user, the cookies
 * show no token, keys rotate without signing anyone out, and a cookie that is not ours reads as
 * signed out. Against the strict provider: a refresh token sent twice would revoke the grant.
 */
class CookieSessionsTest {
    private static final String K1 = "k1:" + Base64.getEncoder().encodeToString(key(1));
    private static final String K2 = "k2:" + Base64.getEncoder().encodeToString(key(2));

    private final MutableClock clock = MutableClock.followingSystemTime();
    private RotatingOidcProvider provider;
    private final List<TestApp> apps = new ArrayList<>();

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        key[0] = (byte) 0x5a;
        return key;
    }

    @BeforeEach
    void start() {
        provider = new RotatingOidcProvider(clock);
    }

    @AfterEach
    void stop() {
        apps.forEach(TestApp::close);
        provider.close();
    }

    /** A node of the app keeping sessions in cookies under {@code keys}, at the first node's public address. */
    private TestApp node(String keys) throws Exception {
        var builder = TestApp.builder(provider.endpoint()).clock(clock)
                .config(c -> c.cookieSessions(CookieKeys.parse(keys)));
        if (!apps.isEmpty()) {
            builder.publicBaseUrl(apps.get(0).baseUrl());
        }
        TestApp app = builder.start();
        apps.add(app);
        return app;
    }

    @Test
    void twoNodesSharingNoStoreServeOneUserSignInOnATokensAndRefreshOnBSignOutOnA() throws Exception {
        TestApp a = node(K1);
        TestApp b = node(K1);
        var browser = new Browser();

        assertThat(browser.signIn(a.url("/protected"), "ada", "Ada").body()).contains("sub=ada");
        String tokenOnB = browser.get(b.url("/protected/token")).body();
        assertThat(browser.get(b.url("/protected/page")).body()).isEqualTo("protected /protected/page sub=ada name=Ada");

        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        HttpResponse<String> refreshedOnB = browser.get(b.url("/protected/token"));
        assertThat(refreshedOnB.statusCode()).isEqualTo(200);
        assertThat(refreshedOnB.body()).startsWith("token=").isNotEqualTo(tokenOnB);
        assertThat(refreshedOnB.headers().allValues("Set-Cookie")).anySatisfy(h -> assertThat(h).startsWith("logto-0="));
        assertThat(browser.get(a.url("/protected/token")).body()).isEqualTo(refreshedOnB.body());
        assertThat(provider.refreshes()).isEqualTo(1);

        String csrf = Browser.csrfToken(browser.get(a.url("/account")).body()).orElseThrow();
        HttpResponse<String> signOut = browser.post(a.url("/sign-out"), SignOutForm.PARAMETER + "=" + csrf,
                "Origin", a.baseUrl(), "Sec-Fetch-Site", "same-origin");
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(browser.get(b.url("/protected/page")).statusCode()).isEqualTo(302);
        assertThat(browser.get(a.url("/")).body()).isEqualTo("home anonymous");

        assertThat(provider.reuses()).isZero();
        assertThat(provider.liveGrantsOf("ada")).isZero();
        assertThat(browser.sessionId()).as("no server-side session").isEmpty();
    }

    @Test
    void theCookiesNeverContainATokenInClear() throws Exception {
        TestApp a = node(K1);
        var browser = new Browser();
        var setCookies = new ArrayList<String>();

        HttpResponse<String> toSignIn = browser.get(a.url("/protected"));
        HttpResponse<String> toProvider = browser.get(Browser.location(toSignIn));
        setCookies.addAll(toProvider.headers().allValues("Set-Cookie"));
        HttpResponse<String> back = browser.get(browser.loginAtProvider(Browser.location(toProvider), "bob", "Bob"));
        setCookies.addAll(back.headers().allValues("Set-Cookie"));
        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        setCookies.addAll(browser.get(a.url("/protected/token")).headers().allValues("Set-Cookie"));

        assertThat(setCookies).isNotEmpty().allSatisfy(h -> assertThat(h).contains("HttpOnly").contains("SameSite=Lax"));
        String all = String.join("\n", setCookies);
        assertThat(provider.issuedTokens()).hasSize(6).allSatisfy(token -> {
            assertThat(all).doesNotContain(token);
            // Not even a part: the ID token's payload, or any 16 characters of an opaque token.
            for (int i = 0; i + 16 <= token.length(); i += 8) {
                assertThat(all).doesNotContain(token.substring(i, i + 16));
            }
        });
    }

    @Test
    void keyRotationKeepsUsersSignedIn() throws Exception {
        TestApp before = node(K1);
        TestApp rotating = node(K2 + "," + K1);
        TestApp after = node(K2);
        var browser = new Browser();
        browser.signIn(before.url("/protected"), "carol", "Carol");

        // The old key's cookie is read by the node that has both keys, and rewritten with the new one.
        HttpResponse<String> onRotating = browser.get(rotating.url("/protected/page"));
        assertThat(onRotating.body()).contains("sub=carol");
        assertThat(onRotating.headers().allValues("Set-Cookie")).isNotEmpty();

        assertThat(browser.get(after.url("/protected/page")).body()).contains("sub=carol");
        assertThat(browser.get(before.url("/protected/page")).statusCode()).as("k1 alone cannot read k2").isEqualTo(302);
    }

    @Test
    void aCookieOfARemovedKeyIsSignedOutNotAnError() throws Exception {
        TestApp old = node(K1);
        TestApp retired = node(K2);
        var browser = new Browser();
        browser.signIn(old.url("/protected"), "dave", "Dave");

        assertThat(browser.get(retired.url("/protected/page")).statusCode()).isEqualTo(302);
        assertThat(browser.get(retired.url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void aTamperedCookieIsSignedOutNotAnError() throws Exception {
        TestApp a = node(K1);
        var browser = new Browser();
        browser.signIn(a.url("/protected"), "erin", "Erin");
        var tampered = new Browser();
        String value = browser.cookie("logto-0").orElseThrow();
        tampered.setCookie(a.baseUrl(), "logto-0", value.substring(0, value.length() - 4) + "AAAA");

        assertThat(tampered.get(a.url("/protected/page")).statusCode()).isEqualTo(302);
        assertThat(tampered.get(a.url("/")).statusCode()).isEqualTo(200);
    }

    @Test
    void theAppsOwnCookiesStayWhenTheSessionCookiesAreRewritten() throws Exception {
        TestApp a = node(K1);
        var browser = new Browser();
        browser.signIn(a.url("/protected"), "gina", "Gina");

        // The sign-in replaced the anti-forgery token: the page stores a new one (the session cookie
        // is rewritten) between the app's two cookies.
        HttpResponse<String> page = browser.get(a.url("/account-with-own-cookie"));

        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(h -> assertThat(h).startsWith("app-before=1"))
                .anySatisfy(h -> assertThat(h).startsWith("app-after=2"))
                .filteredOn(h -> h.startsWith("logto-")).isNotEmpty();
    }

    @Test
    void aTokenAskedForAfterTheAnswerStartedIsNotRefreshedSoTheRotatedTokenCannotBeLost() throws Exception {
        TestApp a = node(K1);
        var browser = new Browser();
        browser.signIn(a.url("/protected"), "frank", "Frank");
        clock.advance(Duration.ofMinutes(59).plusSeconds(30));

        assertThat(browser.get(a.url("/late-token")).body()).isEqualTo("started failed STORAGE_FAILED");
        assertThat(provider.refreshes()).isZero();

        // The session is intact: the next protected page refreshes before answering.
        assertThat(browser.get(a.url("/protected/token")).statusCode()).isEqualTo(200);
        assertThat(provider.refreshes()).isEqualTo(1);
        assertThat(provider.reuses()).isZero();
    }
}
