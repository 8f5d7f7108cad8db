package io.promptengine.adapters.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestFormTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{"
            + "\"text\":{\"type\":\"string\",\"description\":\"What to summarise\"},"
            + "\"ratio\":{\"type\":\"number\"},\"words\":{\"type\":\"integer\"},\"strict\":{\"type\":\"boolean\"},"
            + "\"format\":{\"enum\":[\"bullets\",\"paragraph\",3]},\"options\":{\"type\":\"object\"}}}";

    private final TestForm form = new TestForm(new ConsoleSupport());

    @Test
    void fields_areOnePerPropertyOfTheInputSchema_byItsKind() {
        List<PromptPages.InputField> fields = form.fields(Optional.of(endpoint()), Map.of());

        assertThat(fields).extracting(PromptPages.InputField::name)
                .containsExactly("text", "ratio", "words", "strict", "format", "options");
        assertThat(fields).extracting(PromptPages.InputField::kind)
                .containsExactly("string", "number", "integer", "boolean", "enum", "json");
        assertThat(fields.get(0).required()).isTrue();
        assertThat(fields.get(0).description()).isEqualTo("What to summarise");
        assertThat(fields.get(4).options()).containsExactly("\"bullets\"", "\"paragraph\"", "3");
        assertThat(form.fields(Optional.empty(), Map.of())).isEmpty();
    }

    @Test
    void input_isTheObjectOfTheFilledFields_eachAsItsKind() {
        List<PromptPages.InputField> fields = form.fields(Optional.of(endpoint()), Map.of("text", "Hello",
                "ratio", "0.5", "words", "12", "strict", "true", "format", "2", "options", "{\"a\": [1]}"));

        assertThat(form.input(fields)).isEqualTo(
                "{\"text\":\"Hello\",\"ratio\":0.5,\"words\":12,\"strict\":true,\"format\":3,\"options\":{\"a\":[1]}}");
        assertThat(form.input(form.fields(Optional.of(endpoint()), Map.of("text", "only"))))
                .isEqualTo("{\"text\":\"only\"}");
    }

    @Test
    void input_refusesAValueNotOfItsKind_namingTheInput() {
        assertThatThrownBy(() -> form.input(form.fields(Optional.of(endpoint()), Map.of("words", "many"))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        refusal -> assertThat(refusal.field()).contains("in-words"))
                .hasMessage("'words' must be a whole number");
        assertThatThrownBy(() -> form.input(form.fields(Optional.of(endpoint()), Map.of("format", "7"))))
                .hasMessage("'format' must be one of its options");
        assertThatThrownBy(() -> form.input(form.fields(Optional.of(endpoint()), Map.of("options", "{broken"))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        refusal -> assertThat(refusal.field()).contains("in-options"));
    }

    private static Endpoint endpoint() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new Endpoint(new EndpointId("ep_test"), new TenantId("ten_test"), new EndpointPath("/summarize"), "",
                new SchemaContract(SCHEMA), Optional.empty(), Optional.empty(), Duration.ofSeconds(30), Duration.ZERO,
                now, now);
    }
}
