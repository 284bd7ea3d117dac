package io.logto.spring;

import io.logto.spring.app.PlainApp;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link BackChannelLogoutContract} without Spring Security (Surefire's execution without it). */
@Tag("without-spring-security")
@SpringBootTest(classes = PlainApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BackChannelLogoutWithoutSecurityTest extends BackChannelLogoutContract {
    @DynamicPropertySource
    static void logto(DynamicPropertyRegistry registry) {
        properties(registry);
    }
}
