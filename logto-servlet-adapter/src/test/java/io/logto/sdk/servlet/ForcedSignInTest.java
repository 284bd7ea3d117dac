package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another site sends the user's browser to {@code /sign-in} again and again (issue 9, item 2): a
 * session keeps only a few pending sign-ins, and those forged navigations must not push out the
 * one the user is completing at Logto — whether the user started it on a page of the app or from a
 * link on another site — while memory stays bounded.
 */
class ForcedSignInTest {
    private static final int FORGED = 50;

    private static LoopbackOidcProvider provider;
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        provider = new LoopbackOidcProvider();
        app = TestApp.builder(provider).start();
    }

    @AfterAll
    static void stop() {
        app.close();
        provider.close();
    }

    @Test
    void forgedCrossSiteSignInsThenTheSignInStartedOnOurPageStillCompletes() {
        var victim = new Browser();
        String own = Browser.location(victim.get(app.url("/sign-in?returnTo=/protected/mine"),
                "Sec-Fetch-Site", "same-origin"));

        forge(victim, "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> back = victim.get(victim.loginAtProvider(own, "ivy", "Ivy"));

        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(Browser.location(back)).isEqualTo(app.url("/protected/mine"));
        assertThat(victim.get(app.url("/")).body()).isEqualTo("home signed-in sub=ivy");
    }

    @Test
    void forgedCrossSiteSignInsThenTheSignInStartedFromAnotherSitesLinkStillCompletes() {
        // The user came from a marketing page's "Sign in" link: cross-site too, and still protected.
        var victim = new Browser();
        String own = Browser.location(victim.get(app.url("/sign-in?returnTo=/protected/welcome"),
                "Sec-Fetch-Site", "cross-site"));

        forge(victim, "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> back = victim.get(victim.loginAtProvider(own, "jack", "Jack"));

        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(Browser.location(back)).isEqualTo(app.url("/protected/welcome"));
    }

    @Test
    void forgedSignInsFromABrowserWithoutFetchMetadataThenTheUsersOwnStillCompletes() {
        var victim = new Browser();
        String own = Browser.location(victim.get(app.url("/sign-in?returnTo=/protected/old")));

        forge(victim);
        HttpResponse<String> back = victim.get(victim.loginAtProvider(own, "kim", "Kim"));

        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(Browser.location(back)).isEqualTo(app.url("/protected/old"));
    }

    @Test
    void forgedSignInsBeyondTheBoundAreRefusedWithoutTouchingTheSession() {
        var victim = new Browser();
        victim.get(app.url("/sign-in"), "Sec-Fetch-Site", "same-origin");

        int started = 0;
        int refused = 0;
        for (int i = 0; i < FORGED; i++) {
            HttpResponse<String> response = victim.get(app.url("/sign-in"), "Sec-Fetch-Site", "cross-site");
            if (response.statusCode() == 302) {
                started++;
            } else {
                assertThat(response.statusCode()).isEqualTo(429);
                refused++;
            }
        }

        assertThat(started).as("room for four more, no more").isEqualTo(4);
        assertThat(refused).isEqualTo(FORGED - 4);
    }

    @Test
    void refusedSignInThenItsContinueButtonStartsItAsTheAppsOwnWithTheSameParameters() {
        var user = new Browser();
        for (int i = 0; i < 5; i++) {
            user.get(app.url("/sign-in"), "Sec-Fetch-Site", "cross-site");
        }
        HttpResponse<String> refused = user.get(app.url("/sign-in?returnTo=/protected/again&interactionMode=signUp"),
                "Sec-Fetch-Site", "cross-site");

        HttpResponse<String> continued = user.submitForm(app.baseUrl(), refused.body());
        HttpResponse<String> back = user.get(user.loginAtProvider(Browser.location(continued), "lena", "Lena"));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(continued.statusCode()).isEqualTo(302);
        assertThat(Browser.location(continued)).contains("interaction_mode=signUp");
        assertThat(Browser.location(back)).isEqualTo(app.url("/protected/again"));
    }

    @Test
    void ownSignInThatPushesOutAForgedOneThenEveryOwnSignInStillReturnsWhereItWasGoing() {
        // The new sign-in replaces the oldest forged attempt, not the oldest one: the return paths follow.
        var user = new Browser();
        String first = Browser.location(user.get(app.url("/sign-in?returnTo=/protected/first"),
                "Sec-Fetch-Site", "same-origin"));
        for (int i = 0; i < 4; i++) {
            user.get(app.url("/sign-in?returnTo=/protected/attacker"), "Sec-Fetch-Site", "cross-site");
        }
        String second = Browser.location(user.get(app.url("/sign-in?returnTo=/protected/second"),
                "Sec-Fetch-Site", "same-origin"));

        HttpResponse<String> backFromFirst = user.get(user.loginAtProvider(first, "mia", "Mia"));
        HttpResponse<String> backFromSecond = user.get(user.loginAtProvider(second, "mia", "Mia"));

        assertThat(Browser.location(backFromFirst)).as(backFromFirst.body()).isEqualTo(app.url("/protected/first"));
        assertThat(Browser.location(backFromSecond)).as(backFromSecond.body()).isEqualTo(app.url("/protected/second"));
    }

    @Test
    void linkFromAnotherSiteWhenNothingPendingThenSignInStartsAsBefore() {
        HttpResponse<String> response = new Browser().get(app.url("/sign-in"), "Sec-Fetch-Site", "cross-site");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response)).startsWith(provider.endpoint() + "/oidc/authorize?");
    }

    private static void forge(Browser victim, String... headers) {
        for (int i = 0; i < FORGED; i++) {
            victim.get(app.url("/sign-in?returnTo=/protected/attacker"), headers);
        }
    }
}
