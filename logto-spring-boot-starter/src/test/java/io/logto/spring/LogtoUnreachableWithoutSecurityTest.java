package io.logto.spring;

import io.logto.spring.app.PlainApp;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link LogtoUnreachableContract} without Spring Security (the adapter's bearer filter in the interceptor). */
@Tag("without-spring-security")
@SpringBootTest(classes = PlainApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LogtoUnreachableWithoutSecurityTest extends LogtoUnreachableContract {
    private static final Provider PROVIDER = new Provider();

    @DynamicPropertySource
    static void logto(DynamicPropertyRegistry registry) {
        PROVIDER.properties(registry);
    }

    @Override
    Provider provider() {
        return PROVIDER;
    }
}
