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
        assertThat(builtIn.price("openai", "gpt-4o")).contains(openAi("2.50", "1.25", "10.00"));
        assertThat(builtIn.price("openai", "gpt-4o-mini")).contains(openAi("0.15", "0.075", "0.60"));
        assertThat(builtIn.price("anthropic", "claude-3-5-haiku")).contains(anthropic("0.80", "0.08", "1.00", "4.00"));
    }

    @Test
    void givenDatedSnapshot_price_isItsModelsUnlessListedItself() {
        assertThat(builtIn.price("openai", "gpt-4o-2024-08-06")).contains(openAi("2.50", "1.25", "10.00"));
        assertThat(builtIn.price("openai", "gpt-4o-2024-05-13")).contains(price("5.00", "15.00"));
        assertThat(builtIn.price("anthropic", "claude-opus-4-1-20250805"))
                .contains(anthropic("15.00", "1.50", "18.75", "75.00"));
        assertThat(builtIn.price("anthropic", "claude-3-5-sonnet-latest"))
                .contains(anthropic("3.00", "0.30", "3.75", "15.00"));
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
    void givenUsageWithDetails_builtInCost_pricesEachPartAtItsRate() {
        Price sonnet = builtIn.price("anthropic", "claude-sonnet-4-5").orElseThrow();
        Price o3 = builtIn.price("openai", "o3").orElseThrow();

        // 400 uncached x 3 + 500 read x 0.30 + 100 written x 3.75 + 50 out x 15, per million
        assertThat(sonnet.cost(new Usage(1000, 50, 500, 100, 0))).isEqualByComparingTo(new BigDecimal("0.002475"));
        // 200 uncached x 2 + 800 cached x 0.50 + 300 out x 8 (reasoning is output at OpenAI)
        assertThat(o3.cost(new Usage(1000, 300, 800, 0, 250))).isEqualByComparingTo(new BigDecimal("0.0032"));
    }

    @Test
    void givenFileEntryWithoutDetailRates_itsDetails_costTheirParentsRate() throws IOException {
        Price plain = ModelPrices.withFile(write("""
                {"vllm/llama": {"input_per_million": 1, "output_per_million": 4}}""")).price("vllm", "llama")
                .orElseThrow();

        assertThat(plain.cost(new Usage(1000, 500, 600, 200, 300)))
                .isEqualByComparingTo(plain.cost(new Usage(1000, 500)))
                .isEqualByComparingTo(new BigDecimal("0.003"));
    }

    @Test
    void givenFileEntryWithDetailRates_cost_usesThem() throws IOException {
        Price detailed = ModelPrices.withFile(write("""
                {"vllm/llama": {"input_per_million": 1, "output_per_million": 4, "cached_input_per_million": 0.1,
                 "cache_write_per_million": 1.25, "reasoning_per_million": 2}}""")).price("vllm", "llama")
                .orElseThrow();

        assertThat(detailed).isEqualTo(new Price(BigDecimal.ONE, new BigDecimal("4"), new BigDecimal("0.1"),
                new BigDecimal("1.25"), new BigDecimal("2")));
        // 200 x 1 + 600 x 0.1 + 200 x 1.25 + 200 x 4 + 300 x 2, per million
        assertThat(detailed.cost(new Usage(1000, 500, 600, 200, 300)))
                .isEqualByComparingTo(new BigDecimal("0.00191"));
    }

    @Test
    void givenBadDetailRate_withFile_namesTheField() throws IOException {
        assertThatThrownBy(() -> ModelPrices.withFile(write("""
                {"openai/gpt-4o": {"input_per_million": 1, "output_per_million": 1,
                 "cached_input_per_million": -0.5}}""")))
                .hasMessageContaining("'openai/gpt-4o'.cached_input_per_million must be a number");
        assertThatThrownBy(() -> ModelPrices.withFile(write("""
                {"openai/gpt-4o": {"input_per_million": 1, "output_per_million": 1,
                 "reasoning_per_million": "2"}}""")))
                .hasMessageContaining("'openai/gpt-4o'.reasoning_per_million must be a number");
        assertThatThrownBy(() -> ModelPrices.withFile(write("""
                {"openai/gpt-4o": {"input_per_million": 1, "output_per_million": 1,
                 "cache_write_per_million": null}}""")))
                .hasMessageContaining("'openai/gpt-4o'.cache_write_per_million must be a number");
        assertThatThrownBy(() -> ModelPrices.withFile(write("""
                {"openai/gpt-4o": {"input_per_million": 1, "output_per_million": 1, "cached_per_million": 1}}""")))
                .hasMessageContaining("unknown field 'cached_per_million'")
                .hasMessageContaining("cached_input_per_million");
    }

    @Test
    void givenFile_itsPrices_winOverTheBuiltInOnes() throws IOException {
        Path file = write("""
                {"openai/gpt-4o": {"input_per_million": 1.25, "output_per_million": 5},
                 "vllm/*": {"input_per_million": 0.1, "output_per_million": 0.2},
                 "azure/my-gpt-4o": {"input_per_million": 2.5, "output_per_million": 10}}""");

        ModelPrices prices = ModelPrices.withFile(file);

        assertThat(prices.price("openai", "gpt-4o")).contains(price("1.25", "5"));
        assertThat(prices.price("openai", "gpt-4o-mini")).contains(openAi("0.15", "0.075", "0.60"));
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

    private static Price openAi(String input, String cachedInput, String output) {
        return new Price(new BigDecimal(input), new BigDecimal(output), new BigDecimal(cachedInput),
                new BigDecimal(input), new BigDecimal(output));
    }

    private static Price anthropic(String input, String cacheRead, String cacheWrite, String output) {
        return new Price(new BigDecimal(input), new BigDecimal(output), new BigDecimal(cacheRead),
                new BigDecimal(cacheWrite), new BigDecimal(output));
    }
}
