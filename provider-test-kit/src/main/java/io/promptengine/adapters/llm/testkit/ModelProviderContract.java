package io.promptengine.adapters.llm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelProvider} promises, run against each adapter: the built-in ones and a plugin's. A subclass
 * supplies the provider, a model it serves, and arranges that the provider answers {@link #PROMPT} (against a stub
 * of its server, when it calls one); its clock is the real one.
 *
 * <pre>{@code
 * class ShoutModelProviderContractTest extends ModelProviderContract {
 *     protected ModelProvider provider() { return new ShoutModelProvider("shouty", 10, "!", Instant::now); }
 *     protected String servedModel() { return "loud"; }
 * }
 * }</pre>
 */
public abstract class ModelProviderContract {

    /** The user message of every call the contract makes. */
    protected static final String PROMPT = "Say hello.";

    /** The provider under test, ready to answer {@link #PROMPT}. */
    protected abstract ModelProvider provider();

    /** A model that {@link #provider()} serves. */
    protected abstract String servedModel();

    /** A call names the provider as {@code name/model}, so its name can hold no slash. */
    @Test
    public void name_isNotBlankAndHasNoSlash() {
        assertThat(provider().name()).isNotBlank().doesNotContain("/");
    }

    /** Usage is what quotas and prices are counted from: a provider that answers reports it. */
    @Test
    public void givenServedModel_complete_answersAndReportsUsage() {
        ModelResponse response = provider().complete(request(Instant.now().plus(Duration.ofMinutes(1))));

        assertThat(response.text()).isNotEmpty();
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.usage().outputTokens()).isPositive();
    }

    /** The core answers this exception as a 504 timeout; any other would be misreported. */
    @Test
    public void givenDeadlineAlreadyPast_complete_throwsDeadlineExceeded() {
        assertThatThrownBy(() -> provider().complete(request(Instant.now().minus(Duration.ofSeconds(1)))))
                .isInstanceOf(DeadlineExceededException.class);
    }

    private ModelRequest request(Instant deadline) {
        return new ModelRequest(servedModel(), List.of(Message.user(PROMPT)), ModelParameters.DEFAULTS, deadline);
    }
}
