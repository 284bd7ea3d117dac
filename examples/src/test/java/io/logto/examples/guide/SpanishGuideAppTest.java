package io.logto.examples.guide;

import java.nio.file.Path;

/** The app of docs/es/guia.md (the Spanish guide), compiled from the guide and run. */
class SpanishGuideAppTest extends GuideAppTest {
    @Override
    Path guide() {
        return Path.of("..", "docs", "es", "guia.md");
    }
}
