package io.logto.spring;

import io.logto.spring.app.SecuredApp;
import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's {@code server.servlet.session.cookie.same-site}, when the application sets it, is the
 * session cookie's {@code SameSite} on Tomcat — not the servlet adapter's {@code Lax}, which stays
 * the default (WebAppWith(out)SecurityTest check that).
 */
class SessionCookieSameSiteTest {
    @ParameterizedTest(name = "same-site={0}")
    @CsvSource({"strict, SameSite=Strict", "none, SameSite=None", "lax, SameSite=Lax", "omitted, ''"})
    void sessionCookieWhenTheAppSetsSameSiteThenThatValue(String property, String attribute) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SecuredApp.class).properties(
                "server.port=0", "spring.main.banner-mode=off",
                "server.servlet.session.cookie.same-site=" + property,
                "logto.endpoint=" + TestProvider.PROVIDER.endpoint(),
                "logto.app-id=" + LoopbackOidcProvider.APP_ID,
                "logto.app-secret=" + LoopbackOidcProvider.APP_SECRET,
                "logto.base-url=" + TestProvider.BASE_URL).run()) {
            var browser = new Browser(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class));

            HttpResponse<String> response = browser.get("/sign-in", "Sec-Fetch-Site", "same-origin");

            List<String> cookies = response.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("JSESSIONID=")).toList();
            assertThat(cookies).hasSize(1);
            if (attribute.isEmpty()) {
                assertThat(cookies.get(0)).doesNotContainIgnoringCase("SameSite");
            } else {
                assertThat(cookies.get(0)).contains(attribute).containsOnlyOnce("SameSite");
            }
        }
    }
}
