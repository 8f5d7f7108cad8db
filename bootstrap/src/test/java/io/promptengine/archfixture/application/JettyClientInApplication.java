package io.promptengine.archfixture.application;

/** Breaks "Jetty's HTTP client only in adapters.webhooks". */
public final class JettyClientInApplication {
    org.eclipse.jetty.client.HttpClient client;
}
