package io.promptengine.adapters.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.model.UsageReport;
import io.promptengine.application.model.UsageReport.GroupBy;
import io.promptengine.application.model.UsageReport.Row;
import io.promptengine.domain.execution.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageCsvTest {

    private static final UsageReport.Range JUNE = new UsageReport.Range(Instant.parse("2025-06-01T00:00:00Z"),
            Instant.parse("2025-07-01T00:00:00Z"));

    @Test
    void aReport_isAHeaderAndOneLinePerRow_withTheApisColumnsAndNumbers() {
        UsageReport report = new UsageReport(GroupBy.MODEL, JUNE, List.of(
                new Row(Optional.of("gpt-4o"), 2, new Usage(110, 55, 64, 10, 21), new BigDecimal("0.000825"), 0),
                new Row(Optional.of("ollama/llama3.2"), 1, new Usage(7, 3), new BigDecimal("1E-7"), 1)));

        assertThat(UsageCsv.of(report)).isEqualTo("""
                model,executions,input_tokens,output_tokens,total_tokens,cached_input_tokens,cache_write_tokens,\
                reasoning_tokens,cost,unpriced_executions\r
                gpt-4o,2,110,55,165,64,10,21,0.000825,0\r
                ollama/llama3.2,1,7,3,10,0,0,0,0.0000001,1\r
                """);
    }

    @Test
    void theExecutionsOfNoEndpoint_haveAnEmptyKey() {
        UsageReport report = new UsageReport(GroupBy.ENDPOINT, JUNE,
                List.of(new Row(Optional.empty(), 1, new Usage(1, 1), BigDecimal.ZERO, 0)));

        assertThat(UsageCsv.of(report)).endsWith("\r\n,1,1,1,2,0,0,0,0,0\r\n");
    }

    @Test
    void aFieldWithACommaAQuoteOrALineBreak_isQuotedWithItsQuotesDoubled() {
        assertThat(UsageCsv.field("plain")).isEqualTo("plain");
        assertThat(UsageCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(UsageCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(UsageCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(UsageCsv.field("")).isEmpty();
    }

    @Test
    void aKeyASpreadsheetWouldRunAsAFormula_isWrittenAsText() {
        assertThat(UsageCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(UsageCsv.field("+1")).isEqualTo("'+1");
        assertThat(UsageCsv.field("-1")).isEqualTo("'-1");
        assertThat(UsageCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }

    @Test
    void theFileName_namesTheGroupingAndTheDays() {
        assertThat(UsageCsv.fileName(new UsageReport(GroupBy.DAY, JUNE, List.of())))
                .isEqualTo("usage-by-day-2025-06-01-2025-07-01.csv");
    }
}
