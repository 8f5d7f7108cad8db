package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.model.UsageReport;
import io.promptengine.domain.execution.Usage;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UsageRoutesTest extends SharedServerTest {

    @Test
    void givenRowsWithCacheAndReasoningTokens_usage_answersTheirSumsNextToTheTotals() {
        server.usageRows.add(new UsageReport.Row(Optional.of("gpt-4o"), 3, new Usage(3000, 900, 1800, 300, 600),
                new BigDecimal("0.0126"), 0));
        server.usageRows.add(new UsageReport.Row(Optional.of("llama"), 1, new Usage(7, 3), BigDecimal.ZERO, 1));

        TestServer.Reply reply = server.get("/v1/usage?group_by=model");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode rows = reply.json().path("data");
        assertThat(rows.get(0).toString()).isEqualTo("{\"key\":\"gpt-4o\",\"executions\":3,\"input_tokens\":3000,"
                + "\"output_tokens\":900,\"total_tokens\":3900,\"cached_input_tokens\":1800,"
                + "\"cache_write_tokens\":300,\"reasoning_tokens\":600,\"cost\":0.0126,\"unpriced_executions\":0}");
        assertThat(rows.get(1).path("cached_input_tokens").asLong()).isZero();
        assertThat(rows.get(1).path("reasoning_tokens").asLong()).isZero();
        assertThat(rows.get(1).path("total_tokens").asLong()).isEqualTo(10);
    }
}
