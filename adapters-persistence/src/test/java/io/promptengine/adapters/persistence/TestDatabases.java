package io.promptengine.adapters.persistence;

import java.nio.file.Path;

/** Fresh embedded databases for tests, each in a directory of its own, opened as a default install opens one. */
final class TestDatabases {

    private TestDatabases() {
    }

    static String url(Path directory) {
        return "jdbc:h2:file:" + directory.resolve("prompt-engine").toAbsolutePath();
    }

    static Database open(Path directory) {
        return new Database(url(directory), "", "", 4);
    }
}
