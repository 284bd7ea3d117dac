package io.logto.examples.guide;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app a guide builds, taken from the guide itself: every fenced block whose first line is
 * {@code // File: <path>} (Java) or {@code <!-- File: <path> -->} (XML) is that file's text, and
 * blocks naming the same path follow one another in it, as a reader copies them. The Spanish guide
 * may say {@code Archivo:} instead of {@code File:}.
 */
final class GuideApp {
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile(
            "\\A\\s*(?://|<!--)\\s*(?:File|Archivo):\\s*(\\S+)");

    private final Map<String, String> files;

    private GuideApp(Map<String, String> files) {
        this.files = files;
    }

    /** The marked files of {@code markdown}, in the order the guide first shows them. */
    static GuideApp of(Path markdown) throws IOException {
        var files = new LinkedHashMap<String, StringBuilder>();
        Matcher fence = FENCE.matcher(Files.readString(markdown));
        while (fence.find()) {
            Matcher marker = MARKER.matcher(fence.group(2));
            if (marker.find()) {
                files.computeIfAbsent(marker.group(1), path -> new StringBuilder()).append(fence.group(2));
            }
        }
        var texts = new LinkedHashMap<String, String>();
        files.forEach((path, text) -> texts.put(path, text.toString()));
        return new GuideApp(texts);
    }

    /** Path (relative to the app's folder) to text. */
    Map<String, String> files() {
        return files;
    }

    /** The guide's pom.xml, parsed. */
    Document pom() throws Exception {
        String text = files.get("pom.xml");
        if (text == null) {
            throw new IllegalStateException("the guide shows no block marked <!-- File: pom.xml -->");
        }
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code groupId:artifactId:version} of each dependency of a pom. */
    static List<String> dependencies(Document pom) {
        var out = new ArrayList<String>();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            var dependency = (Element) dependencies.item(i);
            out.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + ":" + text(dependency, "version"));
        }
        return out;
    }

    static String text(Element element, String child) {
        NodeList nodes = element.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    /**
     * Writes the files below {@code folder} and compiles the Java ones against this test's class
     * path into {@code folder/classes}.
     *
     * @return the compiler's errors and warnings; empty when it compiled cleanly
     */
    List<String> compile(Path folder) throws IOException {
        var sources = new ArrayList<Path>();
        for (var file : files.entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
            if (file.getKey().endsWith(".java")) {
                sources.add(path);
            }
        }
        Path classes = Files.createDirectories(folder.resolve("classes"));
        var compiler = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (var fileManager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            var options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                    "-Xlint:all,-serial,-processing", "--release", "17");
            boolean compiled = compiler.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(sources)).call();
            var problems = new ArrayList<String>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.NOTE) {
                    problems.add(d.getKind() + " " + (d.getSource() == null ? "" : d.getSource().getName())
                            + ":" + d.getLineNumber() + ": " + d.getMessage(null));
                }
            }
            if (!compiled && problems.isEmpty()) {
                problems.add("javac failed");
            }
            return problems;
        }
    }

    /**
     * Runs {@code mainClass} of the compiled app in a new JVM with {@code environment} added to
     * this one's. Its output and errors are collected in {@link Running#output()}.
     */
    static Running run(Path folder, String mainClass, Map<String, String> environment) throws IOException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(javaCommand, "-cp",
                folder.resolve("classes") + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                mainClass).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("LOGTO_"));
        builder.environment().putAll(environment);
        return new Running(builder.start());
    }

    /** A running app; {@link #close()} ends it. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        Running(Process process) {
            this.process = process;
            this.reader = new Thread(() -> copy(process.getInputStream()), "guide-app-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void copy(InputStream in) {
            try {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until the output contains {@code text}; fails if the app ends first. */
        Running awaitOutput(String text) throws InterruptedException {
            while (!output.toString().contains(text)) {
                if (!process.isAlive()) {
                    reader.join(1000);
                    throw new IllegalStateException("the app ended (exit " + process.exitValue() + "): " + output);
                }
                Thread.sleep(20);
            }
            return this;
        }

        /** Waits for the app to end by itself. */
        int awaitExit() throws InterruptedException {
            int exit = process.waitFor();
            reader.join(5000);
            return exit;
        }

        /** What the app printed so far (standard output and error). */
        String output() {
            return output.toString();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
