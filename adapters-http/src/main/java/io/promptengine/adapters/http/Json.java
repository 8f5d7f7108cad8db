package io.promptengine.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper of the HTTP adapter. Request bodies are read as trees with limits on depth, duplicate keys
 * and trailing content; responses are the adapter's records written in snake_case, absent (null) fields left out.
 */
final class Json {

    static final String CONTENT_TYPE = "application/json";
    /** Deeper documents are refused before they can cost stack or memory; no real request comes close. */
    static final int MAX_NESTING_DEPTH = 64;
    /**
     * The parser's limits on request bodies: the depth above; numbers of at most 1,000 characters, field names of
     * 50,000 and strings of 100,000,000 (Jackson's defaults, stated so that a Jackson upgrade cannot move them; the
     * body limit binds before the string limit does).
     */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(1_000).maxNameLength(50_000).maxStringLength(100_000_000).build();

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER));

    private final ObjectMapper mapper;
    private final StreamReadConstraints limits;

    Json() {
        this(LIMITS);
    }

    /** With other parser limits, for tests that reach one with a small document. */
    Json(StreamReadConstraints limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // costs are exact decimals of a dollar: 0.00000005, never 5E-8
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Parses a request body; anything that is not one well-formed JSON value within the limits is a 400. */
    JsonNode read(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw HttpError.invalidJson(overLimit(e));
        } catch (JacksonException e) {
            throw HttpError.invalidJson("Request body is not valid JSON: " + describe(e));
        }
    }

    byte[] write(Object body) {
        return mapper.writeValueAsBytes(body);
    }

    /** A JSON value as compact text. */
    String text(JsonNode value) {
        return mapper.writeValueAsString(value);
    }

    /**
     * A JSON value in one canonical form: compact, object keys sorted at every level. Two documents that differ only
     * in key order or whitespace have the same canonical text; numbers keep the form Jackson reads them in
     * ({@code 1.0} and {@code 1} stay different, as they render differently in a template).
     */
    String canonical(JsonNode value) {
        return mapper.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED).writeValueAsString(value);
    }

    /** A JSON value as indented text, for people to read: {@code "name": value}, two spaces a level. */
    String pretty(JsonNode value) {
        return mapper.writer().with(PRETTY).writeValueAsString(value);
    }

    /** Sends {@code body} as the JSON response with {@code status}. */
    void respond(Context ctx, int status, Object body) {
        ctx.status(status).contentType(CONTENT_TYPE).result(write(body));
    }

    /**
     * Which of the parser's limits {@code e} reports. Jackson says it only in its message, so the message is matched
     * by its start; a limit not named here keeps Jackson's own words.
     */
    private String overLimit(StreamConstraintsException e) {
        String reason = e.getOriginalMessage();
        String where = at(e);
        if (reason.startsWith("Document nesting depth")) {
            return "Request body is nested deeper than " + limits.getMaxNestingDepth() + " levels";
        }
        if (reason.startsWith("Number value length")) {
            return "Request body has a number longer than " + limits.getMaxNumberLength() + " characters" + where;
        }
        if (reason.startsWith("Name length")) {
            return "Request body has a field name longer than " + limits.getMaxNameLength() + " characters" + where;
        }
        if (reason.startsWith("String value length")) {
            return "Request body has a string longer than " + limits.getMaxStringLength() + " characters" + where;
        }
        return "Request body exceeds a limit of the JSON parser: " + describe(e);
    }

    private static String describe(JacksonException e) {
        String reason = e.getOriginalMessage();
        int cut = reason.indexOf('\n');
        if (cut >= 0) {
            reason = reason.substring(0, cut);
        }
        return reason + at(e);
    }

    /** " (line l, column c)" where the parser stopped, or nothing when it does not say. */
    private static String at(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            return " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return "";
    }
}
