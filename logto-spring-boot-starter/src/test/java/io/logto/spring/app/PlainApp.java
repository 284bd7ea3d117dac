package io.logto.spring.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The test application without Spring Security (its tests run with Spring Security off the class path). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({PagesController.class, PlainController.class})
public class PlainApp {
}
