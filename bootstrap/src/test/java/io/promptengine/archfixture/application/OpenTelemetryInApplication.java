package io.promptengine.archfixture.application;

/** Breaks "OpenTelemetry only in adapters.tracing". */
public final class OpenTelemetryInApplication {
    io.opentelemetry.api.trace.Span span;
}
