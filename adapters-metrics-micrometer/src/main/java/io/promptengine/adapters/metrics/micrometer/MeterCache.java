package io.promptengine.adapters.metrics.micrometer;

import io.micrometer.core.instrument.Meter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The meters of one name, by the values of their labels, each registered on first use and kept. A meter builder's
 * {@code register} makes an id, sorts its tags and looks the registry up on every call; on the request path, where
 * each execution records a handful of meters, a lookup by the label values alone is several times cheaper. The
 * label values are bounded where they are chosen (route templates, configured models, {@code other}), so the
 * cache holds no more meters than the registry does.
 *
 * @param <M> the kind of meter
 */
final class MeterCache<M extends Meter> {

    private final ConcurrentHashMap<List<String>, M> meters = new ConcurrentHashMap<>();
    private final Function<List<String>, M> register;

    /** @param register registers the meter of the label values it is given, in the order they are passed */
    MeterCache(Function<List<String>, M> register) {
        this.register = register;
    }

    /** The meter of these label values, registered the first time they are seen. */
    M of(String... values) {
        List<String> key = Arrays.asList(values);
        M meter = meters.get(key);
        return meter != null ? meter : meters.computeIfAbsent(List.copyOf(key), register);
    }
}
