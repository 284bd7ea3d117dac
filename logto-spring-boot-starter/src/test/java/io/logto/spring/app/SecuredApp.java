package io.logto.spring.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The test application with Spring Security: the starter's filter chain. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({PagesController.class, SecuredController.class})
public class SecuredApp {
}
