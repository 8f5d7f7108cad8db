package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.webhooks.jetty.JettyWebhookSender;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The configuration's webhook variables, read and handed to the sender the engine starts (no request is sent). */
class WebhookTransportTest {

    private static Config.Webhooks webhooks(Map<String, String> values) {
        return Config.from(name -> Optional.ofNullable(values.get(name))).webhooks();
    }

    @Test
    void givenNothingSet_theSender_refusesHttpAndLoopback() {
        Config.Webhooks config = webhooks(Map.of());

        assertThat(config.allowHttp()).isFalse();
        assertThat(config.allowHosts()).isEmpty();
        try (JettyWebhookSender sender = WebhookTransport.start(config, Instant::now)) {
            assertThat(sender.refusal(URI.create("http://localhost:9/"))).contains("webhook URLs must use https");
            assertThat(sender.refusal(URI.create("https://localhost:9/")))
                    .contains("localhost resolves to a loopback address");
            assertThat(sender.refusal(URI.create("https://169.254.169.254/")))
                    .contains("169.254.169.254 is a link-local address");
        }
    }

    @Test
    void givenTheFlagAndAllowList_theSender_letsTheAllowedHostsThrough() {
        Config.Webhooks config = webhooks(Map.of("PE_WEBHOOK_ALLOW_HTTP", "TRUE",
                "PE_WEBHOOK_ALLOW_HOSTS", " LocalHost , receiver.internal,10.0.0.5,[::1],fd00::5"));

        assertThat(config.allowHttp()).isTrue();
        assertThat(config.allowHosts()).containsExactlyInAnyOrder("localhost", "receiver.internal", "10.0.0.5",
                "[::1]", "fd00::5");
        try (JettyWebhookSender sender = WebhookTransport.start(config, Instant::now)) {
            assertThat(sender.refusal(URI.create("http://localhost:9/"))).isEmpty();
            assertThat(sender.refusal(URI.create("https://10.0.0.5/"))).isEmpty();
            assertThat(sender.refusal(URI.create("https://[::1]:8443/"))).isEmpty();
            assertThat(sender.refusal(URI.create("https://10.0.0.6/"))).contains("10.0.0.6 is a private address");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.example.com", "https://example.com", "example.com:8443", "a,,b", "a b",
        "fe80::1%eth0", "[::1", "example.com/path"})
    void givenAMalformedAllowList_from_failsNamingTheVariable(String value) {
        assertThatThrownBy(() -> webhooks(Map.of("PE_WEBHOOK_ALLOW_HOSTS", value)))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageContaining("PE_WEBHOOK_ALLOW_HOSTS").hasMessageContaining(value);
    }

    @Test
    void givenAFlagNeitherTrueNorFalse_from_namesIt() {
        assertThatThrownBy(() -> webhooks(Map.of("PE_WEBHOOK_ALLOW_HTTP", "yes")))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageContaining("PE_WEBHOOK_ALLOW_HTTP must be true or false, not 'yes'");
    }
}
