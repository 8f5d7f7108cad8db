package io.promptengine.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The H2 releases whose recovery after {@code kill -9} keeps every write that was committed and checkpointed.
 *
 * <p>H2 2.5.252 does not: in {@code H2CrashRecoveryTest} (our stores' write patterns in a process killed at random
 * moments) it loses acknowledged inserts and finishes, undoes acknowledged updates and sometimes leaves
 * "File corrupted in chunk …" within a few kills, with any {@code RETENTION_TIME} or {@code WRITE_DELAY}, and even
 * with every write serialised; 2.3.232 and 2.4.240 lose nothing over the same kills. The 2.5 line reworked
 * MVStore's commit, in-place update and recovery paths. So an H2 newer than the last release checked is refused
 * when the database is opened, rather than trusted with data: a host that brings its own H2 onto the class path
 * learns it at start, not after a crash. A newer release may be allowed here once it passes that test.
 */
final class H2Release {

    /** The newest H2 release (major, minor) that passed the crash test. */
    static final int VERIFIED_MAJOR = 2;
    static final int VERIFIED_MINOR = 4;
    static final String VERIFIED = "2.4.240";

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

    private H2Release() {
    }

    /** @throws IllegalStateException if the H2 behind {@code database} is newer than the last release checked */
    static void requireVerified(DataSource database) {
        String version;
        try (Connection connection = database.getConnection()) {
            version = connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the H2 version: " + e.getMessage(), e);
        }
        if (!isVerified(version)) {
            throw new IllegalStateException("H2 " + version + " is not used by Prompt Engine: H2 2.5.252 loses "
                    + "acknowledged writes when its process is killed, and no release newer than " + VERIFIED
                    + " has passed our crash test. Put com.h2database:h2:" + VERIFIED
                    + " on the class path (README, \"Durability on H2\").");
        }
    }

    /** Whether {@code version} ("2.4.240 (2025-09-22)") is a release no newer than the last one checked. */
    static boolean isVerified(String version) {
        Matcher parts = VERSION.matcher(version);
        if (!parts.find()) {
            return false;
        }
        int major = Integer.parseInt(parts.group(1));
        int minor = Integer.parseInt(parts.group(2));
        return major < VERIFIED_MAJOR || major == VERIFIED_MAJOR && minor <= VERIFIED_MINOR;
    }
}
