package io.logto.spring;

import io.logto.spring.app.SecuredApp;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link LogtoUnreachableContract} with Spring Security: the resource server's failure handler
 * answers {@code 503} where Spring's default would rethrow (a {@code 500}).
 */
@SpringBootTest(classes = SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LogtoUnreachableWithSecurityTest extends LogtoUnreachableContract {
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
