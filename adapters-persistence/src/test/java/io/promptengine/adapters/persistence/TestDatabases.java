package io.promptengine.adapters.persistence;

import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/**
 * Fresh databases for tests, opened as an installation opens one: an embedded H2 file in the test's directory,
 * or a database of its own on the test JVM's embedded PostgreSQL. Store tests run once per {@link Engine}.
 */
final class TestDatabases {

    private TestDatabases() {
    }

    /** Where a test's database lives; the same directory always names the same database. */
    enum Engine {
        H2 {
            @Override
            String url(Path directory) {
                return "jdbc:h2:file:" + directory.resolve("prompt-engine").toAbsolutePath();
            }

            @Override
            Durability durability() {
                return Durability.H2_CHECKPOINT;
            }
        },
        POSTGRESQL {
            @Override
            String url(Path directory) {
                return TestPostgres.url(directory);
            }

            @Override
            Durability durability() {
                return Durability.ON_COMMIT;
            }
        };

        abstract String url(Path directory);

        /** What {@link Database} uses on this engine. */
        abstract Durability durability();

        String user() {
            return this == POSTGRESQL ? TestPostgres.USER : "";
        }

        /** A second, raw way into the same database, for changing rows behind a store's back. */
        Jdbi jdbi(Path directory) {
            return Jdbi.create(Database.withH2Settings(url(directory)), user(), "");
        }

        Database open(Path directory) {
            return new Database(url(directory), user(), "", 4);
        }
    }

    static String url(Path directory) {
        return Engine.H2.url(directory);
    }

    static Jdbi jdbi(Path directory) {
        return Engine.H2.jdbi(directory);
    }

    static Database open(Path directory) {
        return Engine.H2.open(directory);
    }
}
