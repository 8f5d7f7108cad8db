package io.promptengine.adapters.llm.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.SchemaValidator.Violation;
import io.promptengine.domain.schema.SchemaContract;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Validation in the words of seed 003: {@code Field 'max_length' must be between 10 and 1000}. */
class JsonSchemaValidatorTest {

    static final SchemaContract DEMO = new SchemaContract("""
            {"type":"object","required":["text"],"properties":{"text":{"type":"string","minLength":1},\
            "max_length":{"type":"integer","minimum":10,"maximum":1000},"options":{"type":"object",\
            "properties":{"format":{"type":"string","enum":["bullets","paragraph"]}}}}}""");

    private final JsonSchemaValidator validator = new JsonSchemaValidator();

    @Nested
    class SeedExamples {

        @Test
        void givenEmptyObject_validate_saysTextIsRequired() {
            assertThat(validator.validate(DEMO, "{}"))
                    .containsExactly(new Violation("text", "Field 'text' is required"));
        }

        @Test
        void givenStringMaxLength_validate_saysItMustBeAnInteger() {
            assertThat(validator.validate(DEMO, "{\"text\":\"x\",\"max_length\":\"abc\"}"))
                    .containsExactly(new Violation("max_length", "Field 'max_length' must be an integer"));
        }

        @Test
        void givenMaxLengthBelowMinimum_validate_saysItMustBeBetweenTheBounds() {
            assertThat(validator.validate(DEMO, "{\"text\":\"x\",\"max_length\":5}"))
                    .containsExactly(new Violation("max_length", "Field 'max_length' must be between 10 and 1000"));
        }

        @Test
        void givenUnknownFormat_validate_namesTheNestedFieldAndTheAllowedValues() {
            assertThat(validator.validate(DEMO, "{\"text\":\"x\",\"options\":{\"format\":\"xml\"}}"))
                    .containsExactly(new Violation("options.format",
                            "Field 'options.format' must be one of: bullets, paragraph"));
        }

        @Test
        void givenTheSeedSchema_example_isABodyItAcceptsFilledFromTheText() {
            String example = validator.example(DEMO, "Example text");

            assertThat(validator.validate(DEMO, example)).isEmpty();
            assertThat(example).contains("\"text\":\"Example text\"").contains("\"format\":\"bullets\"");
        }

        @Test
        void givenTheSeedRequestBody_validate_findsNothingWrong() {
            assertThat(validator.validate(DEMO, """
                    {"text": "The content to process", "max_length": 100, "options": {"format": "bullets"}}"""))
                    .isEmpty();
        }
    }

    @Nested
    class Wording {

        @Test
        void givenMissingNestedField_validate_namesItWithItsDottedPath() {
            SchemaContract schema = schema("""
                    {"properties":{"options":{"type":"object","required":["format"]}}}""");

            assertThat(validator.validate(schema, "{\"options\":{}}"))
                    .containsExactly(new Violation("options.format", "Field 'options.format' is required"));
        }

        @Test
        void givenOnlyOneBound_validate_wordsThatBoundAlone() {
            SchemaContract schema = schema("""
                    {"properties":{"low":{"minimum":10},"high":{"maximum":1000}}}""");

            assertThat(validator.validate(schema, "{\"low\":1,\"high\":2000}")).containsExactly(
                    new Violation("low", "Field 'low' must be at least 10"),
                    new Violation("high", "Field 'high' must be at most 1000"));
        }

        @Test
        void givenExclusiveBounds_validate_wordsThemAsGreaterAndLessThan() {
            SchemaContract schema = schema("""
                    {"properties":{"ratio":{"exclusiveMinimum":0,"maximum":1},"score":{"exclusiveMaximum":5}}}""");

            assertThat(validator.validate(schema, "{\"ratio\":0,\"score\":5}")).containsExactly(
                    new Violation("ratio", "Field 'ratio' must be greater than 0 and at most 1"),
                    new Violation("score", "Field 'score' must be less than 5"));
        }

        @Test
        void givenStringOutsideItsLengths_validate_countsCharactersInTheRightNumber() {
            SchemaContract schema = schema("""
                    {"properties":{"text":{"minLength":1},"code":{"maxLength":3},"name":{"minLength":2,"maxLength":4}}}""");

            assertThat(validator.validate(schema, "{\"text\":\"\",\"code\":\"ABCD\",\"name\":\"x\"}")).containsExactly(
                    new Violation("text", "Field 'text' must be at least 1 character long"),
                    new Violation("code", "Field 'code' must be at most 3 characters long"),
                    new Violation("name", "Field 'name' must be between 2 and 4 characters long"));
        }

        @Test
        void givenPatternMismatch_validate_quotesThePattern() {
            SchemaContract schema = schema("{\"properties\":{\"code\":{\"pattern\":\"^[A-Z]{3}$\"}}}");

            assertThat(validator.validate(schema, "{\"code\":\"ab\"}"))
                    .containsExactly(new Violation("code", "Field 'code' must match the pattern ^[A-Z]{3}$"));
        }

        @Test
        void givenWrongArrayItem_validate_namesItsIndex() {
            SchemaContract schema = schema("{\"properties\":{\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}");

            assertThat(validator.validate(schema, "{\"tags\":[\"a\",\"b\",3]}"))
                    .containsExactly(new Violation("tags[2]", "Field 'tags[2]' must be a string"));
        }

        @Test
        void givenArrayOutsideItsSizes_validate_countsItems() {
            SchemaContract schema = schema("""
                    {"properties":{"one":{"minItems":1},"few":{"maxItems":2},"unique":{"uniqueItems":true}}}""");

            assertThat(validator.validate(schema, "{\"one\":[],\"few\":[1,2,3],\"unique\":[1,1]}")).containsExactly(
                    new Violation("one", "Field 'one' must have at least 1 item"),
                    new Violation("few", "Field 'few' must have at most 2 items"),
                    new Violation("unique", "Field 'unique' must not contain the same item twice"));
        }

        @Test
        void givenPropertyTheSchemaForbids_validate_saysItIsNotAllowed() {
            SchemaContract schema = schema("{\"properties\":{\"text\":{}},\"additionalProperties\":false}");

            assertThat(validator.validate(schema, "{\"text\":\"x\",\"extra\":1}"))
                    .containsExactly(new Violation("extra", "Field 'extra' is not allowed"));
        }

        @Test
        void givenWrongConstant_validate_quotesTheConstant() {
            SchemaContract schema = schema("{\"properties\":{\"kind\":{\"const\":\"summary\"},\"version\":{\"const\":2}}}");

            assertThat(validator.validate(schema, "{\"kind\":\"other\",\"version\":3}")).containsExactly(
                    new Violation("kind", "Field 'kind' must be exactly \"summary\""),
                    new Violation("version", "Field 'version' must be exactly 2"));
        }

        @Test
        void givenValuesNotInTheirFormat_validate_namesTheFormat() {
            SchemaContract schema = schema("""
                    {"properties":{"at":{"format":"date-time"},"mail":{"format":"email"},"site":{"format":"uri"}}}""");

            assertThat(validator.validate(schema, "{\"at\":\"yesterday\",\"mail\":\"nobody\",\"site\":\"not a uri\"}"))
                    .containsExactly(
                            new Violation("at", "Field 'at' must be a valid date-time"),
                            new Violation("mail", "Field 'mail' must be a valid email"),
                            new Violation("site", "Field 'site' must be a valid uri"));
            assertThat(validator.validate(schema,
                    "{\"at\":\"2025-01-01T10:00:00Z\",\"mail\":\"a@example.com\",\"site\":\"https://example.com/x\"}"))
                    .isEmpty();
        }

        @Test
        void givenUnionType_validate_listsEveryAllowedType() {
            SchemaContract schema = schema("{\"properties\":{\"note\":{\"type\":[\"string\",\"null\"]}}}");

            assertThat(validator.validate(schema, "{\"note\":5}"))
                    .containsExactly(new Violation("note", "Field 'note' must be a string or null"));
        }

        @Test
        void givenOneOfTypes_validate_summarisesTheBranchesInsteadOfTheirErrors() {
            SchemaContract schema = schema("""
                    {"properties":{"id":{"oneOf":[{"type":"string"},{"type":"integer"}]},\
                    "size":{"anyOf":[{"const":"small"},{"enum":["large","huge"]}]},\
                    "shape":{"anyOf":[{"type":"object","required":["x"]},{"type":"array"}]}}}""");

            assertThat(validator.validate(schema, "{\"id\":true,\"size\":\"medium\",\"shape\":{}}")).containsExactly(
                    new Violation("id", "Field 'id' must be a string or an integer"),
                    new Violation("size", "Field 'size' must be one of: small, large, huge"),
                    new Violation("shape", "Field 'shape' must be valid against one of its allowed forms"));
        }

        @Test
        void givenSeveralProblemsWithOneField_validate_reportsTheMostUsefulOnce() {
            SchemaContract schema = schema("""
                    {"required":["text"],"properties":{"text":{"type":"string"},\
                    "count":{"type":"integer","minimum":1,"maximum":3,"multipleOf":2}}}""");

            assertThat(validator.validate(schema, "{\"count\":5.5}")).containsExactly(
                    new Violation("text", "Field 'text' is required"),
                    new Violation("count", "Field 'count' must be an integer"));
        }

        @Test
        void givenDocumentOfTheWrongType_validate_speaksOfTheDocument() {
            assertThat(validator.validate(DEMO, "[1, 2]"))
                    .containsExactly(new Violation("", "The document must be an object"));
        }

        @Test
        void givenTextThatIsNotJson_validate_reportsOneViolationOnTheRoot() {
            List<Violation> violations = validator.validate(DEMO, "{\"text\": ");

            assertThat(violations).singleElement().satisfies(violation -> {
                assertThat(violation.field()).isEmpty();
                assertThat(violation.message()).startsWith("The document is not valid JSON: ");
            });
        }

        @Test
        void givenDraft07SchemaWithDefinitions_validate_followsItsReferences() {
            SchemaContract schema = schema("""
                    {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"size":{"type":"integer",\
                    "exclusiveMinimum":0}},"properties":{"width":{"$ref":"#/definitions/size"}}}""");

            assertThat(validator.validate(schema, "{\"width\":0}"))
                    .containsExactly(new Violation("width", "Field 'width' must be greater than 0"));
        }

        @Test
        void givenBoundsBehindAReference_validate_stillWordsBothBounds() {
            SchemaContract schema = schema("""
                    {"$defs":{"percent":{"minimum":0,"maximum":100}},"properties":{"done":{"$ref":"#/$defs/percent"}}}""");

            assertThat(validator.validate(schema, "{\"done\":101}"))
                    .containsExactly(new Violation("done", "Field 'done' must be between 0 and 100"));
        }
    }

    @Nested
    class DeclaredPathsOfASchema {

        @Test
        void givenDemoSchema_declaredPaths_areEveryPropertyDotted() {
            assertThat(validator.declaredPaths(DEMO))
                    .containsExactlyInAnyOrder("text", "max_length", "options", "options.format");
        }

        @Test
        void givenReferencesBranchesAndItems_declaredPaths_followThem() {
            SchemaContract schema = schema("""
                    {"$defs":{"who":{"properties":{"name":{}}}},"properties":{"author":{"$ref":"#/$defs/who"},\
                    "tags":{"items":{"properties":{"label":{}}}}},"allOf":[{"properties":{"a":{}}}],\
                    "anyOf":[{"properties":{"b":{}}}],"oneOf":[{"properties":{"c":{}}}]}""");

            assertThat(validator.declaredPaths(schema)).containsExactlyInAnyOrder(
                    "author", "author.name", "tags", "tags.label", "a", "b", "c");
        }

        @Test
        void givenRecursiveSchema_declaredPaths_stopAtTheRecursion() {
            SchemaContract schema = schema("""
                    {"$defs":{"node":{"properties":{"value":{},"next":{"$ref":"#/$defs/node"}}}},\
                    "$ref":"#/$defs/node"}""");

            assertThat(validator.declaredPaths(schema)).containsExactlyInAnyOrder("value", "next");
        }
    }

    static SchemaContract schema(String document) {
        return new SchemaContract(document);
    }
}
