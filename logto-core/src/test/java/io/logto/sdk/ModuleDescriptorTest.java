package io.logto.sdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module descriptor of logto-core (the tests run on the class path, so this checks it directly):
 * it exports the API packages only, and it resolves with the SDK's dependencies as modules.
 */
class ModuleDescriptorTest {
    private static Path classes() throws URISyntaxException {
        return Path.of(LogtoClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void descriptorExportsTheApiPackagesOnlyAndToEveryone() throws Exception {
        ModuleDescriptor module = descriptor();

        assertThat(module.name()).isEqualTo("io.logto.sdk");
        assertThat(module.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("io.logto.sdk", "io.logto.sdk.storage", "io.logto.sdk.resourceserver",
                        "io.logto.sdk.m2m");
    }

    @Test
    void descriptorOpensTheSessionShapesToJacksonAlone() throws Exception {
        assertThat(descriptor().opens()).singleElement().satisfies(open -> {
            assertThat(open.source()).isEqualTo("io.logto.sdk.session");
            assertThat(open.targets()).containsExactly("com.fasterxml.jackson.databind");
        });
    }

    @Test
    void moduleResolvesWithItsDependenciesAndHidesItsInternals() throws Exception {
        Path[] dependencies = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> entry.contains("jackson-") || entry.contains("jose4j") || entry.contains("slf4j-api")
                        || entry.contains("bcprov-"))
                .map(Path::of)
                .toArray(Path[]::new);
        Path[] modulePath = new Path[dependencies.length + 1];
        modulePath[0] = classes();
        System.arraycopy(dependencies, 0, modulePath, 1, dependencies.length);

        Configuration resolved = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(modulePath), ModuleFinder.of(), Set.of("io.logto.sdk"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(resolved, ClassLoader.getPlatformClassLoader());
        Module sdk = layer.findModule("io.logto.sdk").orElseThrow();

        assertThat(sdk.getPackages()).contains("io.logto.sdk.oidc", "io.logto.sdk.session");
        Set<String> exported = sdk.getPackages().stream().filter(sdk::isExported).collect(Collectors.toSet());
        assertThat(exported).containsExactlyInAnyOrder("io.logto.sdk", "io.logto.sdk.storage",
                "io.logto.sdk.resourceserver", "io.logto.sdk.m2m");
        assertThat(resolved.findModule("io.logto.sdk").orElseThrow().reads())
                .extracting(m -> m.name()).contains("java.net.http", "com.fasterxml.jackson.databind", "org.jose4j",
                        "org.bouncycastle.provider");
    }
}
