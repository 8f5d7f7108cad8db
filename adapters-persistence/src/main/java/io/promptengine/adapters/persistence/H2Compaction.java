package io.promptengine.adapters.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Gives an H2 database file's free space back, with no server running on it. Prompt Engine opens H2 without
 * compaction (moving chunks within the file lost acknowledged writes to a kill, see {@link Database}), so the file
 * only grows; {@code SHUTDOWN COMPACT} instead copies the live data to a new file and then replaces the old one
 * with it in one rename, so a kill during it leaves the old file as it was.
 */
public final class H2Compaction {

    /** H2's error code for a file that another process holds ("Database may be already in use"). */
    private static final int DATABASE_ALREADY_OPEN = 90020;
    /** H2's error code for a database that does not exist, with {@code IFEXISTS=TRUE}. */
    private static final int DATABASE_NOT_FOUND = 90146;
    private static final String FILE_SUFFIX = ".mv.db";
    private static final String IN_MEMORY = "jdbc:h2:mem:";

    /** The file compacted, and its size before and after, in bytes. */
    public record Result(Path file, long bytesBefore, long bytesAfter) {
    }

    private H2Compaction() {
    }

    /**
     * Compacts the H2 file database that {@code jdbcUrl} names; it must not be open anywhere else.
     *
     * @param user the database user; empty for none
     * @param password the user's password; empty for none
     * @throws IllegalArgumentException if the URL is not an H2 file opened in this process (an in-memory database,
     *         a server's, or PostgreSQL), or names a database that does not exist
     * @throws IllegalStateException if another process (a running server) holds the file, or H2 fails
     */
    public static Result compact(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        // isExclusive: H2 in this process (not PostgreSQL, a server's or AUTO_SERVER), where memory is no file
        if (!Database.isExclusive(jdbcUrl) || jdbcUrl.regionMatches(true, 0, IN_MEMORY, 0, IN_MEMORY.length())) {
            throw new IllegalArgumentException("Only an H2 file database opened in this process can be compacted, "
                    + "not " + describe(jdbcUrl) + " (PostgreSQL reclaims space itself: VACUUM)");
        }
        try (Connection connection = DriverManager.getConnection(Database.h2Url(jdbcUrl) + ";IFEXISTS=TRUE",
                user, password); Statement statement = connection.createStatement()) {
            Path file;
            try (ResultSet row = statement.executeQuery("SELECT DATABASE_PATH()")) {
                row.next();
                file = Path.of(row.getString(1) + FILE_SUFFIX);
            }
            long before = Files.size(file);
            statement.execute("SHUTDOWN COMPACT");
            return new Result(file, before, Files.size(file));
        } catch (SQLException e) {
            if (e.getErrorCode() == DATABASE_ALREADY_OPEN) {
                throw new IllegalStateException("The database file is in use: stop the server that has it open, "
                        + "then compact it", e);
            }
            if (e.getErrorCode() == DATABASE_NOT_FOUND) {
                throw new IllegalArgumentException("There is no database at " + describe(jdbcUrl), e);
            }
            throw new IllegalStateException("H2 could not compact the database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the size of the database file", e);
        }
    }

    /** The URL without its settings, which may hold a password (CIPHER, a password-bearing key). */
    private static String describe(String jdbcUrl) {
        int settings = jdbcUrl.indexOf(';');
        return settings < 0 ? jdbcUrl : jdbcUrl.substring(0, settings);
    }
}
