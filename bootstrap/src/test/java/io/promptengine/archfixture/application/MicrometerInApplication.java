package io.promptengine.archfixture.application;

/** Breaks "Micrometer only in adapters.metrics". */
public final class MicrometerInApplication {
    io.micrometer.core.instrument.Counter counter;
}
