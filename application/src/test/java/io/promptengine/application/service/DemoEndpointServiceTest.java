package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.in.ProvisionDemoEndpointUseCase;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.VersionStatus;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoEndpointServiceTest {

    private static final TenantId DEMO = new TenantId("ten_demo");

    private final Definitions app = new Definitions();
    private final ProvisionDemoEndpointUseCase demo = app.provisioning(Plan.FREE).demoEndpoint();

    @BeforeEach
    void declareTheDemoInput() {
        app.schemas.declare(DemoEndpointService.INPUT_SCHEMA, "text", "max_length", "options", "options.format");
    }

    @Test
    void givenNoDemoTenant_provisionDemoEndpoint_createsNothing() {
        demo.provisionDemoEndpoint();

        assertThat(app.endpoints.list(DEMO)).isEmpty();
    }

    @Test
    void givenDemoTenant_provisionDemoEndpoint_createsTheSeedsEndpointWithALiveDefaultPrompt() {
        givenDemoTenant();

        demo.provisionDemoEndpoint();

        Endpoint endpoint = app.endpoints.findByPath(DEMO, new EndpointPath("/api/v1/summarize")).orElseThrow();
        assertThat(endpoint.inputSchema()).isEqualTo(DemoEndpointService.INPUT_SCHEMA);
        assertThat(endpoint.outputSchema()).contains(DemoEndpointService.OUTPUT_SCHEMA);
        assertThat(endpoint.timeout()).isEqualTo(Endpoint.DEFAULT_TIMEOUT);
        assertThat(endpoint.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        Prompt summarize = prompt(endpoint, "summarize");
        assertThat(endpoint.defaultPrompt()).contains(summarize.id());
        assertThat(app.prompts.findLive(summarize.id()).orElseThrow().template().user())
                .contains("{{text}}").contains("{{max_length}}");
    }

    @Test
    void givenDemoTenant_provisionDemoEndpoint_makesDetailedSummaryLiveAndExperimentalOnlyADraft() {
        givenDemoTenant();

        demo.provisionDemoEndpoint();

        Endpoint endpoint = app.endpoints.findByPath(DEMO, DemoEndpointService.PATH).orElseThrow();
        assertThat(app.prompts.list(DEMO, Optional.of(endpoint.id()))).extracting(Prompt::name)
                .containsExactly("detailed-summary", "experimental", "summarize");
        assertThat(statuses(prompt(endpoint, "detailed-summary"))).containsExactly(VersionStatus.LIVE);
        assertThat(statuses(prompt(endpoint, "experimental"))).containsExactly(VersionStatus.DRAFT);
        assertThat(app.prompts.listVersions(prompt(endpoint, "summarize").id())).extracting(PromptVersion::model)
                .containsExactly("echo");
    }

    @Test
    void givenProvisionedDemo_provisionDemoEndpoint_changesNothing() {
        givenDemoTenant();
        demo.provisionDemoEndpoint();
        List<Endpoint> endpoints = app.endpoints.list(DEMO);
        List<Prompt> prompts = app.prompts.list(DEMO, Optional.empty());

        demo.provisionDemoEndpoint();

        assertThat(app.endpoints.list(DEMO)).isEqualTo(endpoints);
        assertThat(app.prompts.list(DEMO, Optional.empty())).isEqualTo(prompts);
        for (Prompt prompt : prompts) {
            assertThat(app.prompts.listVersions(prompt.id())).hasSize(1);
        }
    }

    @Test
    void givenDemoCutShortBeforeItsDefaultWasSet_provisionDemoEndpoint_completesIt() {
        givenDemoTenant();
        demo.provisionDemoEndpoint();
        Endpoint endpoint = app.endpoints.findByPath(DEMO, DemoEndpointService.PATH).orElseThrow();
        Prompt summarize = prompt(endpoint, "summarize");
        app.endpoints.delete(DEMO, endpoint.id());
        Endpoint bare = new Endpoint(endpoint.id(), DEMO, endpoint.path(), endpoint.description(),
                endpoint.inputSchema(), endpoint.outputSchema(), Optional.empty(), endpoint.timeout(),
                endpoint.cacheTtl(), endpoint.createdAt(), endpoint.updatedAt());
        app.endpoints.insert(bare);
        app.prompts.insert(summarize);

        demo.provisionDemoEndpoint();

        assertThat(app.endpoints.find(DEMO, endpoint.id()).orElseThrow().defaultPrompt()).contains(summarize.id());
        assertThat(app.prompts.list(DEMO, Optional.of(endpoint.id()))).extracting(Prompt::name)
                .containsExactly("detailed-summary", "experimental", "summarize");
        assertThat(app.prompts.findLive(summarize.id())).map(PromptVersion::number).contains(1);
    }

    @Test
    void givenDeletedDemoEndpoint_provisionDemoEndpoint_bringsItBack() {
        givenDemoTenant();
        demo.provisionDemoEndpoint();
        app.endpoints.delete(DEMO, app.endpoints.findByPath(DEMO, DemoEndpointService.PATH).orElseThrow().id());

        demo.provisionDemoEndpoint();

        Endpoint endpoint = app.endpoints.findByPath(DEMO, DemoEndpointService.PATH).orElseThrow();
        assertThat(endpoint.defaultPrompt()).contains(prompt(endpoint, "summarize").id());
    }

    private void givenDemoTenant() {
        app.tenants.insert(new Tenant(DEMO, "demo", "Demo", "free", true, app.clock.now()));
    }

    private Prompt prompt(Endpoint endpoint, String name) {
        return app.prompts.findByName(DEMO, Optional.of(endpoint.id()), name).orElseThrow();
    }

    private List<VersionStatus> statuses(Prompt prompt) {
        return app.prompts.listVersions(prompt.id()).stream().map(PromptVersion::status).toList();
    }
}
