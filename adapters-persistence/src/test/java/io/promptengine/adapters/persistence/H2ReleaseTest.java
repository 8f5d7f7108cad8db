package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

final class H2ReleaseTest {

    @Test
    void givenTheReleasesThatPassedTheCrashTest_isVerified_acceptsThem() {
        assertThat(H2Release.isVerified("2.4.240 (2025-09-22)")).isTrue();
        assertThat(H2Release.isVerified("2.3.232 (2024-08-11)")).isTrue();
    }

    @Test
    void givenTheReleaseThatLosesWritesOrAnyNewer_isVerified_refusesThem() {
        assertThat(H2Release.isVerified("2.5.252 (2026-09-23)")).isFalse();
        assertThat(H2Release.isVerified("2.10.1")).isFalse();
        assertThat(H2Release.isVerified("3.0.0")).isFalse();
        assertThat(H2Release.isVerified("not a version")).isFalse();
    }

    @Test
    void givenTheH2OnTheClassPath_requireVerified_acceptsIt() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:release");
        H2Release.requireVerified(h2);
    }

    @Test
    void givenAnUnreadableVersion_requireVerified_saysSo() {
        JdbcDataSource broken = new JdbcDataSource();
        broken.setURL("jdbc:h2:file:/proc/no-such-place/db;IFEXISTS=TRUE");
        assertThatThrownBy(() -> H2Release.requireVerified(broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Could not read the H2 version");
    }
}
