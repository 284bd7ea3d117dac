package io.logto.sdk.servlet;

import io.logto.sdk.LogtoClient;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter's module descriptor (the tests run on the class path, so this checks it directly): it
 * exports its one package and resolves against logto-core's module, which shows it uses only the
 * packages logto-core exports.
 */
class ModuleDescriptorTest {
    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void adapterModuleResolvesOnTheExportedApiOfTheCore() throws Exception {
        List<Path> modulePath = new ArrayList<>(List.of(locationOf(LogtoWeb.class), locationOf(LogtoClient.class)));
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("jakarta.servlet-api") || entry.contains("jackson-")
                        || entry.contains("jose4j") || entry.contains("slf4j-api") || entry.contains("bcprov-"))
                .map(Path::of)
                .forEach(modulePath::add);

        Configuration resolved = ModuleLayer.boot().configuration().resolve(
                ModuleFinder.of(modulePath.toArray(Path[]::new)), ModuleFinder.of(), Set.of("io.logto.sdk.servlet"));
        ModuleDescriptor adapter = resolved.findModule("io.logto.sdk.servlet").orElseThrow().reference().descriptor();

        assertThat(adapter.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.logto.sdk.servlet");
        assertThat(resolved.findModule("io.logto.sdk.servlet").orElseThrow().reads())
                .extracting(ResolvedModule::name).contains("io.logto.sdk", "jakarta.servlet");
        Set<String> requiredTransitively = adapter.requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertThat(requiredTransitively).containsExactlyInAnyOrder("io.logto.sdk", "jakarta.servlet");
    }
}
