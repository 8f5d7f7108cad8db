package io.promptengine.adapters.llm;

import io.promptengine.adapters.llm.spi.InvalidSettingException;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.adapters.llm.spi.Setting;
import java.time.Duration;

/** The providers-file settings that shape the built-in kinds' streams, with their defaults and bounds. */
public final class StreamSettings {

    /** How long a streamed answer of an HTTP provider may stay silent before it fails. */
    public static final Setting<Long> STREAM_IDLE_TIMEOUT_MS = Setting.wholeNumber("stream_idle_timeout_ms");
    /** The pause of the {@code local} provider between two streamed words. */
    public static final Setting<Long> STREAM_PACE_MS = Setting.wholeNumber("stream_pace_ms");
    /** The longest {@code stream_pace_ms}: a pace is there to shape a stream in tests and benchmarks. */
    public static final long MAX_PACE_MS = 10_000;

    private StreamSettings() {
    }

    /** Checks {@code stream_idle_timeout_ms} when the entry gives it. */
    public static void validateIdle(ProviderSettings settings) {
        settings.find(STREAM_IDLE_TIMEOUT_MS).ifPresent(ms -> {
            if (ms < ProviderHttp.MIN_STREAM_IDLE.toMillis() || ms > ProviderHttp.MAX_STREAM_IDLE.toMillis()) {
                throw new InvalidSettingException(STREAM_IDLE_TIMEOUT_MS.field(), "must be from "
                        + ProviderHttp.MIN_STREAM_IDLE.toMillis() + " to " + ProviderHttp.MAX_STREAM_IDLE.toMillis());
            }
        });
    }

    /** The entry's idle limit, {@link ProviderHttp#DEFAULT_STREAM_IDLE} when it gives none. */
    public static Duration idle(ProviderSettings settings) {
        return settings.find(STREAM_IDLE_TIMEOUT_MS).map(Duration::ofMillis).orElse(ProviderHttp.DEFAULT_STREAM_IDLE);
    }

    /** Checks {@code stream_pace_ms} when the entry gives it. */
    public static void validatePace(ProviderSettings settings) {
        settings.find(STREAM_PACE_MS).ifPresent(ms -> {
            if (ms < 0 || ms > MAX_PACE_MS) {
                throw new InvalidSettingException(STREAM_PACE_MS.field(), "must be from 0 to " + MAX_PACE_MS);
            }
        });
    }

    /** The entry's pace, none when it gives none. */
    public static Duration pace(ProviderSettings settings) {
        return settings.find(STREAM_PACE_MS).map(Duration::ofMillis).orElse(Duration.ZERO);
    }
}
