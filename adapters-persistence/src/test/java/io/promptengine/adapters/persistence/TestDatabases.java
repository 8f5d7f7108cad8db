package io.promptengine.adapters.persistence;

import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/** Fresh embedded databases for tests, each in a directory of its own, opened as a default install opens one. */
final class TestDatabases {

    private TestDatabases() {
    }

    static String url(Path directory) {
        return "jdbc:h2:file:" + directory.resolve("prompt-engine").toAbsolutePath();
    }

    /** A second, raw way into the same database, for changing rows behind a store's back. */
    static Jdbi jdbi(Path directory) {
        return Jdbi.create(Database.withH2Settings(url(directory)), "", "");
    }

    static Database open(Path directory) {
        return new Database(url(directory), "", "", 4);
    }
}
