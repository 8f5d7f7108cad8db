package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without PE_ADMIN_KEY, the first start generates the operator key once; later starts keep accepting it. */
class OperatorKeyEndToEndTest {

    @Test
    void givenNoConfiguredKey_firstStartGeneratesOneThatSurvivesRestarts() {
        try (RunningApp app = RunningApp.start(Map.of("PE_ADMIN_KEY", ""))) {
            String generated = app.engine().generatedOperatorKey().orElseThrow();
            Api operator = app.api().withKey(generated);
            assertThat(generated).startsWith("pe_admin_");
            assertThat(operator.get("/v1/admin/plans").status()).isEqualTo(200);

            app.restart();

            assertThat(app.engine().generatedOperatorKey()).isEmpty();
            assertThat(app.api().withKey(generated).get("/v1/admin/plans").status()).isEqualTo(200);
            assertThat(app.api().withKey(RunningApp.ADMIN_KEY).get("/v1/admin/plans").status()).isEqualTo(401);
        }
    }

    @Test
    void givenConfiguredKey_nothingIsGeneratedAndTheConfiguredOneWorks() {
        try (RunningApp app = RunningApp.start()) {
            assertThat(app.engine().generatedOperatorKey()).isEmpty();
            assertThat(app.admin().get("/v1/admin/plans").status()).isEqualTo(200);
        }
    }
}
