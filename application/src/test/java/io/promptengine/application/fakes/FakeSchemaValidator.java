package io.promptengine.application.fakes;

import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.schema.SchemaContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A schema validator whose answers a test sets: documents conform unless {@link #reject} says otherwise, schemas
 * are accepted unless {@link #refuseSchema} names them, declared paths are whatever {@link #declare} says, and
 * examples whatever {@link #exampleOf} says ({@code {}} otherwise).
 * Thread-safe.
 */
public final class FakeSchemaValidator implements SchemaValidator {

    private final Map<String, List<Violation>> violationsByDocument = new HashMap<>();
    private final Map<String, String> refusedSchemas = new HashMap<>();
    private final Map<String, Set<String>> declaredBySchema = new HashMap<>();
    private final Map<String, String> examples = new HashMap<>();
    private final List<String> validated = new ArrayList<>();

    /** {@code json} (exactly this text) breaks every schema with these violations. */
    public synchronized FakeSchemaValidator reject(String json, Violation... violations) {
        violationsByDocument.put(json, List.of(violations));
        return this;
    }

    /** Saving {@code schema} fails with {@code message}. */
    public synchronized FakeSchemaValidator refuseSchema(SchemaContract schema, String message) {
        refusedSchemas.put(schema.document(), message);
        return this;
    }

    /** {@code schema} declares these property paths. */
    public synchronized FakeSchemaValidator declare(SchemaContract schema, String... paths) {
        declaredBySchema.put(schema.document(), new LinkedHashSet<>(List.of(paths)));
        return this;
    }

    /** {@code schema}'s example is {@code json}, whatever the text. */
    public synchronized FakeSchemaValidator exampleOf(SchemaContract schema, String json) {
        examples.put(schema.document(), json);
        return this;
    }

    /** The documents validated so far, in order. */
    public synchronized List<String> validated() {
        return List.copyOf(validated);
    }

    @Override
    public synchronized void check(String field, SchemaContract schema) {
        String message = refusedSchemas.get(schema.document());
        if (message != null) {
            throw new InvalidInputException(field, message);
        }
    }

    @Override
    public synchronized List<Violation> validate(SchemaContract schema, String json) {
        validated.add(json);
        return violationsByDocument.getOrDefault(json, List.of());
    }

    @Override
    public synchronized Set<String> declaredPaths(SchemaContract schema) {
        return Set.copyOf(declaredBySchema.getOrDefault(schema.document(), Set.of()));
    }

    @Override
    public synchronized String example(SchemaContract schema, String text) {
        return examples.getOrDefault(schema.document(), "{}");
    }
}
