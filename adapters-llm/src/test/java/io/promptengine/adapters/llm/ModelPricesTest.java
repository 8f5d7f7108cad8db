package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.out.PriceList.Price;
import io.promptengine.domain.execution.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPricesTest {

    @TempDir
    Path dir;

    private final ModelPrices builtIn = ModelPrices.builtIn();

    @Test
    void givenKnownModels_price_isTheListPrice() {
        assertThat(builtIn.price("openai", "gpt-4o")).contains(price("2.50", "10.00"));
        assertThat(builtIn.price("openai", "gpt-4o-mini")).contains(price("0.15", "0.60"));
        assertThat(builtIn.price("anthropic", "claude-3-5-haiku")).contains(price("0.80", "4.00"));
    }

    @Test
    void givenDatedSnapshot_price_isItsModelsUnlessListedItself() {
        assertThat(builtIn.price("openai", "gpt-4o-2024-08-06")).contains(price("2.50", "10.00"));
        assertThat(builtIn.price("openai", "gpt-4o-2024-05-13")).contains(price("5.00", "15.00"));
        assertThat(builtIn.price("anthropic", "claude-opus-4-1-20250805")).contains(price("15.00", "75.00"));
        assertThat(builtIn.price("anthropic", "claude-3-5-sonnet-latest")).contains(price("3.00", "15.00"));
        assertThat(builtIn.price("openai", "gpt-3.5-turbo-0125")).contains(price("0.50", "1.50"));
    }

    @Test
    void givenUnknownModelOrVariant_price_isAbsent() {
        assertThat(builtIn.price("openai", "o3-pro")).isEmpty();
        assertThat(builtIn.price("openai", "gpt-4o-audio-preview")).isEmpty();
        assertThat(builtIn.price("azure", "my-gpt-4o")).isEmpty();
        assertThat(builtIn.price("vllm", "llama")).isEmpty();
    }

    @Test
    void givenLocalAndOllama_price_isZero() {
        assertThat(builtIn.price("local", "echo")).contains(Price.FREE);
        assertThat(builtIn.price("ollama", "llama3.2")).contains(Price.FREE);
    }

    @Test
    void givenUsage_cost_isExact() {
        Price gpt4o = builtIn.price("openai", "gpt-4o").orElseThrow();

        assertThat(gpt4o.cost(new Usage(1234, 567))).isEqualByComparingTo(new BigDecimal("0.008755"));
        assertThat(gpt4o.cost(new Usage(1, 0))).isEqualByComparingTo(new BigDecimal("0.0000025"));
    }

    @Test
    void givenFile_itsPrices_winOverTheBuiltInOnes() throws IOException {
        Path file = write("""
                {"openai/gpt-4o": {"input_per_million": 1.25, "output_per_million": 5},
                 "vllm/*": {"input_per_million": 0.1, "output_per_million": 0.2},
                 "azure/my-gpt-4o": {"input_per_million": 2.5, "output_per_million": 10}}""");

        ModelPrices prices = ModelPrices.withFile(file);

        assertThat(prices.price("openai", "gpt-4o")).contains(price("1.25", "5"));
        assertThat(prices.price("openai", "gpt-4o-mini")).contains(price("0.15", "0.60"));
        assertThat(prices.price("vllm", "meta-llama/Llama-3")).contains(price("0.1", "0.2"));
        assertThat(prices.price("azure", "my-gpt-4o")).contains(price("2.5", "10"));
    }

    @Test
    void givenBadFile_withFile_namesTheEntryAndField() throws IOException {
        assertThatThrownBy(() -> ModelPrices.withFile(write("{\"gpt-4o\": {}}")))
                .hasMessageContaining("'gpt-4o' must be named provider/model");
        assertThatThrownBy(() -> ModelPrices.withFile(write(
                "{\"openai/gpt-4o\": {\"input_per_million\": -1, \"output_per_million\": 1}}")))
                .hasMessageContaining("'openai/gpt-4o'.input_per_million must be a number");
        assertThatThrownBy(() -> ModelPrices.withFile(write(
                "{\"openai/gpt-4o\": {\"input_per_million\": 1, \"output\": 1}}")))
                .hasMessageContaining("unknown field 'output'");
        assertThatThrownBy(() -> ModelPrices.withFile(write("{\n\"openai/gpt-4o\": {,}}")))
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 2");
        assertThatThrownBy(() -> ModelPrices.withFile(dir.resolve("missing.json")))
                .hasMessageContaining("Cannot read the prices file");
    }

    private Path write(String json) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "prices", ".json"), json);
    }

    private static Price price(String input, String output) {
        return new Price(new BigDecimal(input), new BigDecimal(output));
    }
}
