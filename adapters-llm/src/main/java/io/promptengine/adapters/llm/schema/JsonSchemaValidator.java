package io.promptengine.adapters.llm.schema;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.ValidationLimitExceededException;
import io.promptengine.adapters.llm.BoundedCache;
import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenant JSON Schemas (drafts 2020-12 and 07) on networknt's json-schema-validator, treated as hostile input.
 *
 * <ul>
 *   <li>A schema is at most {@link SchemaContract#MAX_CHARS} characters and {@value #MAX_SCHEMA_DEPTH} levels of
 *       JSON deep; {@code $schema} names 2020-12 (the default) or draft-07, nothing else.
 *   <li>Only references inside the schema ({@code #/$defs/name}, {@code #anchor}) are allowed: anything else is
 *       refused, and nothing is ever fetched ({@link OfflineSchemaRegistry}).
 *   <li>Counting each use of a reference again, a schema has at most {@value SchemaGuard#MAX_SUBSCHEMAS}
 *       subschemas, with {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not} nested at most
 *       {@value SchemaGuard#MAX_COMBINATOR_NESTING} deep; one validation takes at most
 *       {@value #MAX_EVALUATION_STEPS} evaluation steps, {@value #MAX_EVALUATION_DEPTH} deep, which bounds
 *       recursive schemas too.
 *   <li>Patterns must compile when the schema is saved, and all the matching of one validation shares a deadline
 *       of {@link #MATCHING_BUDGET} ({@link DeadlineRegularExpressions}).
 * </ul>
 *
 * <p>Validation runs on every call of an endpoint, so compiled schemas are kept by their text, in a cache bounded
 * in entries and characters. Thread-safe; meant to be built once by the composition root.
 */
public final class JsonSchemaValidator implements SchemaValidator {

    static final int MAX_SCHEMA_DEPTH = 32;
    static final int MAX_DOCUMENT_DEPTH = 64;
    static final long MAX_EVALUATION_STEPS = 1_000_000;
    static final int MAX_EVALUATION_DEPTH = 256;
    static final Duration MATCHING_BUDGET = Duration.ofSeconds(1);
    private static final int CACHED_SCHEMAS = 512;
    private static final long CACHED_CHARS = 4L * 1024 * 1024;
    private static final String SCHEMA_FIELD = "schema";
    /** Built once: a validation's own config replaces the registry's, so it asserts formats again. */
    private static final ExecutionConfig LIMITS = ExecutionConfig.builder()
            .formatAssertionsEnabled(true)
            .maxEvaluationSteps(MAX_EVALUATION_STEPS)
            .maxEvaluationDepth(MAX_EVALUATION_DEPTH)
            .build();

    private final ObjectMapper schemaJson = mapper(MAX_SCHEMA_DEPTH);
    private final ObjectMapper documentJson = mapper(MAX_DOCUMENT_DEPTH);
    private final DeadlineRegularExpressions regularExpressions = new DeadlineRegularExpressions();
    private final SchemaRegistry metaschemaRegistry = OfflineSchemaRegistry.create(regularExpressions);
    private final Map<String, Schema> metaschemas = new ConcurrentHashMap<>();
    private final BoundedCache<String, Compiled> compiled =
            new BoundedCache<>(CACHED_SCHEMAS, CACHED_CHARS, String::length);
    private final SchemaExamples examples = new SchemaExamples();

    @Override
    public void check(String field, SchemaContract schema) {
        compiled(field, schema);
    }

    @Override
    public String example(SchemaContract schema, String text) {
        return examples.example(schema, text);
    }

    @Override
    public List<Violation> validate(SchemaContract schema, String json) {
        Compiled contract = compiled(SCHEMA_FIELD, schema);
        JsonNode document;
        try {
            document = documentJson.readTree(json);
        } catch (StreamConstraintsException e) {
            return List.of(new Violation("", "The document is nested deeper than " + MAX_DOCUMENT_DEPTH + " levels"));
        } catch (JacksonException e) {
            return List.of(new Violation("", "The document is not valid JSON: " + describe(e)));
        }
        try {
            List<Error> errors = DeadlineRegularExpressions.within(MATCHING_BUDGET,
                    () -> contract.schema().validate(document, context -> context.setExecutionConfig(LIMITS)));
            return contract.violations().describe(errors);
        } catch (ValidationLimitExceededException e) {
            String field = Violations.field(e.getInstanceLocation());
            return List.of(new Violation(field, Violations.subject(field)
                    + " could not be checked: the schema takes too many steps to validate it"));
        } catch (DeadlineRegularExpressions.TooSlowException e) {
            return List.of(new Violation("", "The document could not be checked in time against the pattern "
                    + e.pattern()));
        }
    }

    @Override
    public Set<String> declaredPaths(SchemaContract schema) {
        return compiled(SCHEMA_FIELD, schema).declaredPaths();
    }

    private Compiled compiled(String field, SchemaContract contract) {
        return compiled.get(contract.document(), document -> compile(field, document));
    }

    private Compiled compile(String field, String document) {
        JsonNode root;
        try {
            root = schemaJson.readTree(document);
        } catch (StreamConstraintsException e) {
            throw refused(field, "it is nested deeper than " + MAX_SCHEMA_DEPTH + " levels");
        } catch (JacksonException e) {
            throw new InvalidInputException(field, "Field '" + field + "' is not valid JSON: " + describe(e));
        }
        if (!Subschemas.isSchema(root)) {
            throw invalid(field, "a schema is a JSON object (or true or false)");
        }
        String draft = draft(field, root);
        Optional<String> problem = SchemaGuard.problem(root);
        if (problem.isPresent()) {
            throw refused(field, problem.get());
        }
        List<Error> errors;
        try {
            errors = metaschema(draft).validate(root, context -> context.setExecutionConfig(LIMITS));
        } catch (ValidationLimitExceededException e) {
            throw refused(field, "it is too large to check against its draft's metaschema");
        }
        if (!errors.isEmpty()) {
            throw invalid(field, summary(errors));
        }
        Schema schema;
        try {
            schema = OfflineSchemaRegistry.create(regularExpressions).getSchema(root);
            schema.initializeValidators();
        } catch (RuntimeException e) {
            throw invalid(field, String.valueOf(e.getMessage()));
        }
        return new Compiled(schema, new Violations(root), DeclaredPaths.of(root));
    }

    /** The metaschema's id for the draft that {@code root} declares; 2020-12 when it declares none. */
    private static String draft(String field, JsonNode root) {
        JsonNode declared = root.get("$schema");
        if (declared == null) {
            return OfflineSchemaRegistry.DRAFT_2020_12.getId();
        }
        String id = declared.isString() ? declared.asString() : declared.toString();
        String bare = id.endsWith("#") ? id.substring(0, id.length() - 1) : id;
        for (String known : List.of(OfflineSchemaRegistry.DRAFT_2020_12.getId(),
                OfflineSchemaRegistry.DRAFT_07.getId())) {
            if (bare.equals(known) || id.equals(known) || (bare + "#").equals(known)) {
                return known;
            }
        }
        throw refused(field, "$schema '" + id + "' is not supported; use https://json-schema.org/draft/2020-12/schema"
                + " (the default) or http://json-schema.org/draft-07/schema#");
    }

    private Schema metaschema(String draft) {
        return metaschemas.computeIfAbsent(draft, id -> metaschemaRegistry.getSchema(SchemaLocation.of(id)));
    }

    /** At most three distinct {@code /pointer: problem} lines of a metaschema's verdict. */
    private static String summary(List<Error> errors) {
        Set<String> lines = new LinkedHashSet<>();
        for (Error error : errors) {
            String at = error.getInstanceLocation().toString();
            lines.add(at.isEmpty() ? error.getMessage() : at + ": " + error.getMessage());
        }
        StringJoiner summary = new StringJoiner("; ");
        lines.stream().limit(3).forEach(summary::add);
        return summary.toString();
    }

    private static InvalidInputException invalid(String field, String detail) {
        return new InvalidInputException(field, "Field '" + field + "' is not a valid JSON Schema: " + detail);
    }

    private static InvalidInputException refused(String field, String detail) {
        return new InvalidInputException(field, "Field '" + field + "' is not an accepted JSON Schema: " + detail);
    }

    private static ObjectMapper mapper(int maxDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /** The first line of Jackson's reason, and where. */
    private static String describe(JacksonException e) {
        String reason = e.getOriginalMessage().lines().findFirst().orElse("");
        TokenStreamLocation at = e.getLocation();
        return at == null || at.getLineNr() <= 0 ? reason
                : reason + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** A schema ready to validate with, and what is known of it in advance. */
    private record Compiled(Schema schema, Violations violations, Set<String> declaredPaths) {
    }
}
