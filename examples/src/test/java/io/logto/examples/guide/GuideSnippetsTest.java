package io.logto.examples.guide;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line of Java in the guides is a line of this package's compiled sources, so a guide cannot
 * show code that no longer compiles. Comments are left out of the comparison (the Spanish guide
 * translates some). The blocks of the guide's app ({@code // File: …}) are left out too: they are
 * compiled and run as they stand by {@link GuideAppTest}.
 */
class GuideSnippetsTest {
    private static final Path SOURCES = Path.of("src", "test", "java", "io", "logto", "examples", "guide");
    private static final Pattern APP_FILE = Pattern.compile("^\\s*// (File|Archivo): ");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s{2,}//.*$|\\s*//\\s.*$");

    @ParameterizedTest
    @ValueSource(strings = {"../docs/guide.md", "../docs/es/guia.md"})
    void everyJavaLineOfTheGuideIsCompiledCode(String guide) throws IOException {
        Set<String> compiled;
        try (Stream<Path> files = Files.list(SOURCES)) {
            compiled = files.filter(f -> f.toString().endsWith(".java")).flatMap(GuideSnippetsTest::lines)
                    .map(GuideSnippetsTest::code).collect(Collectors.toSet());
        }
        List<String> snippetLines = javaLines(Files.readString(Path.of(guide)));

        assertThat(snippetLines).hasSizeGreaterThan(40);
        assertThat(snippetLines.stream().map(GuideSnippetsTest::code).filter(line -> !line.isEmpty()))
                .allSatisfy(line -> assertThat(compiled).as("compiled sources").contains(line));
    }

    private static List<String> javaLines(String markdown) {
        var lines = new ArrayList<String>();
        boolean inJava = false;
        boolean first = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                inJava = !inJava && line.equals("```java");
                first = true;
            } else if (inJava && first && APP_FILE.matcher(line).find()) {
                inJava = false; // a file of the guide's app: GuideAppTest compiles it as it stands
            } else if (inJava) {
                lines.add(line);
                first = false;
            }
        }
        return lines;
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The line without indentation and comments. */
    private static String code(String line) {
        String stripped = line.strip();
        if (stripped.startsWith("//") || stripped.startsWith("/**") || stripped.startsWith("*")) {
            return "";
        }
        return TRAILING_COMMENT.matcher(stripped).replaceAll("").strip();
    }
}
