package io.promptengine.adapters.metrics.micrometer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.Summary;

/**
 * One scrape of {@code /metrics}, read by an independent parser of the Prometheus text format (Hawkular's), as a
 * list of samples: a counter or gauge is one sample under its family's name; a histogram is its
 * {@code _bucket} samples (with {@code le}), {@code _count} and {@code _sum}; a summary its {@code _count} and
 * {@code _sum}.
 */
public final class Exposition {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private Exposition(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    public static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
                types.put(family.getName(), family.getType().name());
                for (Metric metric : family.getMetrics()) {
                    add(samples, family.getName(), metric);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Exposition(List.copyOf(samples), Map.copyOf(types));
    }

    private static void add(List<Sample> samples, String family, Metric metric) {
        Map<String, String> labels = Map.copyOf(metric.getLabels());
        if (metric instanceof Counter counter) {
            samples.add(new Sample(family, labels, counter.getValue()));
        } else if (metric instanceof Gauge gauge) {
            samples.add(new Sample(family, labels, gauge.getValue()));
        } else if (metric instanceof Histogram histogram) {
            for (Histogram.Bucket bucket : histogram.getBuckets()) {
                Map<String, String> withLe = new HashMap<>(labels);
                double bound = bucket.getUpperBound();
                withLe.put("le", Double.isInfinite(bound) ? "+Inf" : Double.toString(bound));
                samples.add(new Sample(family + "_bucket", Map.copyOf(withLe), bucket.getCumulativeCount()));
            }
            samples.add(new Sample(family + "_count", labels, histogram.getSampleCount()));
            samples.add(new Sample(family + "_sum", labels, histogram.getSampleSum()));
        } else if (metric instanceof Summary summary) {
            samples.add(new Sample(family + "_count", labels, summary.getSampleCount()));
            samples.add(new Sample(family + "_sum", labels, summary.getSampleSum()));
        } else {
            throw new AssertionError("a sample of an unexpected type: " + metric);
        }
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels}; 0 when there is none. */
    public double sum(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name)
                        && sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /** What {@link #sum} went up by from {@code before} to this scrape. */
    public double delta(Exposition before, String name, Map<String, String> labels) {
        return sum(name, labels) - before.sum(name, labels);
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** Every sample name of this scrape. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The values of label {@code label} across every sample. */
    public Set<String> labelValues(String label) {
        Set<String> values = new TreeSet<>();
        samples.forEach(sample -> {
            String value = sample.labels().get(label);
            if (value != null) {
                values.add(value);
            }
        });
        return values;
    }

    /** Every label value of every sample. */
    public Set<String> allLabelValues() {
        Set<String> values = new TreeSet<>();
        samples.forEach(sample -> values.addAll(sample.labels().values()));
        return values;
    }

    /** The type the exposition declares for family {@code family} ({@code COUNTER}, {@code HISTOGRAM}, …). */
    public String type(String family) {
        return types.get(family);
    }
}
