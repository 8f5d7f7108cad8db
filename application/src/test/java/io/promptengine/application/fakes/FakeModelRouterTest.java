package io.promptengine.application.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.ModelRouter;
import org.junit.jupiter.api.Test;

class FakeModelRouterTest {

    private final FakeModelProvider local = new FakeModelProvider("local");
    private final FakeModelProvider ollama = new FakeModelProvider("ollama");
    private final FakeModelRouter router = new FakeModelRouter().register(local, "echo").register(ollama);

    @Test
    void givenRegisteredModel_route_isItsProviderUnderTheSameName() {
        assertThat(router.route("echo")).isEqualTo(new ModelRouter.Routed(local, "echo"));
    }

    @Test
    void givenProviderSlashModel_route_isThatProviderWithThePrefixStripped() {
        assertThat(router.route("ollama/llama3.2")).isEqualTo(new ModelRouter.Routed(ollama, "llama3.2"));
        assertThat(router.route("local/echo")).isEqualTo(new ModelRouter.Routed(local, "echo"));
    }

    @Test
    void givenRegisteredProviders_providerNames_listsThemInRegistrationOrder() {
        assertThat(router.providerNames()).containsExactly("local", "ollama");
        assertThat(router.unregister(local).providerNames()).containsExactly("ollama");
    }

    @Test
    void givenUnknownModelOrProvider_route_isUnroutableNamingIt() {
        assertThat(router.route("gpt-4o")).isInstanceOfSatisfying(ModelRouter.Unroutable.class,
                unroutable -> assertThat(unroutable.reason()).contains("'gpt-4o'"));
        assertThat(router.route("openai/gpt-4o")).isInstanceOf(ModelRouter.Unroutable.class);
        assertThat(router.route("ollama/")).isInstanceOf(ModelRouter.Unroutable.class);
    }

    @Test
    void givenUnregisteredProvider_route_isUnroutable() {
        router.unregister(local);

        assertThat(router.route("echo")).isInstanceOf(ModelRouter.Unroutable.class);
        assertThat(router.route("local/echo")).isInstanceOf(ModelRouter.Unroutable.class);
    }
}
