package io.promptengine.adapters.llm.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The provider kinds a providers file may name: the {@link ModelProviderFactory} implementations that {@link
 * ServiceLoader} finds on the classpath, and any a host adds. Each factory is checked when it joins (a kind's name,
 * its settings' fields), so that a faulty plugin stops the server at start with its class named, not later on the
 * first entry that uses it.
 */
public final class ProviderKinds {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** By kind, sorted, so that a message listing them reads the same whatever the classpath order. */
    private final Map<String, ModelProviderFactory> factories;

    private ProviderKinds(Map<String, ModelProviderFactory> factories) {
        this.factories = Collections.unmodifiableMap(factories);
    }

    /** The kinds on the classpath of the current thread's context class loader. */
    public static ProviderKinds discovered() {
        return discoveredBy(Thread.currentThread().getContextClassLoader());
    }

    /**
     * The kinds that {@code loader} finds.
     *
     * @throws IllegalArgumentException when a listed factory cannot be loaded (a missing class, no public
     *     no-argument constructor), or breaks the rules of {@link ModelProviderFactory}
     */
    public static ProviderKinds discoveredBy(ClassLoader loader) {
        List<ModelProviderFactory> found = new ArrayList<>();
        try {
            ServiceLoader.load(ModelProviderFactory.class, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("A provider kind on the classpath could not be loaded: "
                    + e.getMessage(), e);
        }
        return of(found);
    }

    /** Exactly {@code factories}, with nothing discovered. */
    public static ProviderKinds of(List<? extends ModelProviderFactory> factories) {
        return new ProviderKinds(new TreeMap<>()).with(factories);
    }

    /**
     * These kinds and {@code extra} ones.
     *
     * @throws IllegalArgumentException when two factories claim one kind, or one breaks the rules of {@link
     *     ModelProviderFactory}
     */
    public ProviderKinds with(List<? extends ModelProviderFactory> extra) {
        Map<String, ModelProviderFactory> all = new TreeMap<>(factories);
        for (ModelProviderFactory factory : extra) {
            String kind = checked(Objects.requireNonNull(factory, "factory"));
            ModelProviderFactory other = all.putIfAbsent(kind, factory);
            if (other != null) {
                throw new IllegalArgumentException("Provider kind '" + kind + "' is claimed by both "
                        + other.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return new ProviderKinds(all);
    }

    /** The factory of {@code kind}, if one is known. */
    public Optional<ModelProviderFactory> find(String kind) {
        return Optional.ofNullable(factories.get(kind));
    }

    /** Every known kind, sorted. */
    public List<String> kinds() {
        return List.copyOf(factories.keySet());
    }

    private static String checked(ModelProviderFactory factory) {
        String name = factory.getClass().getName();
        String kind = factory.kind();
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("Provider factory " + name + " names its kind '" + kind
                    + "'; a kind is 1 to 32 lower-case letters, digits, '_' or '-', starting with a letter");
        }
        List<Setting<?>> settings = factory.settings();
        if (settings == null) {
            throw new IllegalArgumentException("Provider factory " + name + " (kind " + kind
                    + ") declares no settings list; an empty list means it reads no field");
        }
        List<String> fields = new ArrayList<>();
        for (Setting<?> setting : settings) {
            String field = Objects.requireNonNull(setting, "a setting of kind " + kind).field();
            if (ModelProviderFactory.COMMON_FIELDS.contains(field)) {
                throw new IllegalArgumentException("Provider factory " + name + " (kind " + kind + ") declares '"
                        + field + "', a field of every entry (" + String.join(", ", ModelProviderFactory.COMMON_FIELDS)
                        + ") that Prompt Engine reads itself");
            }
            if (fields.contains(field)) {
                throw new IllegalArgumentException("Provider factory " + name + " (kind " + kind + ") declares '"
                        + field + "' twice");
            }
            fields.add(field);
        }
        return kind;
    }

    @Override
    public String toString() {
        return "ProviderKinds" + kinds();
    }
}
