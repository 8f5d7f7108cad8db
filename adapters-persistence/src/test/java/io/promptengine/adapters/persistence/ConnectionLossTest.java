package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionLossTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "57P01", "57P02", "57P03"})
    void givenConnectionFailureState_handle_throwsUnavailable(String state) {
        SQLException lost = new SQLException("terminating connection", state);

        assertThatThrownBy(() -> ConnectionLoss.handle(lost, null))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("The database is unavailable")
                .hasCause(lost);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "42P01", "57014"})
    void givenOtherFailure_handle_leavesItToJdbi(String state) {
        assertThatCode(() -> ConnectionLoss.handle(new SQLException("no", state), null)).doesNotThrowAnyException();
    }

    @Test
    void givenPoolTimeoutDeepInTheCauses_causes_isTrue() {
        RuntimeException wrapped = new RuntimeException(new SQLTransientConnectionException("pool timed out"));

        assertThat(ConnectionLoss.causes(wrapped)).isTrue();
        assertThat(ConnectionLoss.causes(new RuntimeException("other"))).isFalse();
    }
}
