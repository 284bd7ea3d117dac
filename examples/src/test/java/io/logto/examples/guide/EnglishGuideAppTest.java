package io.logto.examples.guide;

import java.nio.file.Path;

/** The app of docs/guide.md, compiled from the guide and run. */
class EnglishGuideAppTest extends GuideAppTest {
    @Override
    Path guide() {
        return Path.of("..", "docs", "guide.md");
    }
}
