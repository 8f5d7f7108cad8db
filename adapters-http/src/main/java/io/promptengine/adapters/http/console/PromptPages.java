package io.promptengine.adapters.http.console;

import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The records the prompt templates render. */
final class PromptPages {

    private PromptPages() {
    }

    /** A prompt in a list: its endpoint's path, when it has one. */
    record PromptRow(String id, String name, String title, Optional<String> endpointPath) {

        static PromptRow of(Prompt prompt, Map<String, String> pathsById) {
            return new PromptRow(prompt.id().value(), prompt.name(), prompt.title(),
                    prompt.endpointId().map(id -> pathsById.getOrDefault(id.value(), id.value())));
        }

        String href() {
            return "/console/prompts/" + id;
        }
    }

    record ListPage(Frame frame, List<PromptRow> prompts, boolean canManage) {
    }

    /** An endpoint to choose in the new prompt's form. */
    record EndpointChoice(String id, String path) {
    }

    record Fields(String name, String endpointId, String title, String description) {
    }

    record FormPage(Frame frame, Fields fields, List<EndpointChoice> endpoints, FormErrors errors) {
    }

    /** A version as the pages show it: every text as text, absent values as empty. */
    record VersionView(int number, String status, String model, String provider, String temperature,
            String maxTokens, String systemTemplate, String userTemplate, String outputSchema, String fallbackModels,
            String createdAt, String publishedAt) {

        static VersionView of(PromptVersion version, ConsoleSupport support) {
            return new VersionView(version.number(), version.status().wireName(), version.model(),
                    version.provider().orElse(""),
                    version.parameters().temperature().isPresent()
                            ? BigDecimal.valueOf(version.parameters().temperature().getAsDouble()).toPlainString()
                            : "",
                    version.parameters().maxTokens().isPresent()
                            ? Integer.toString(version.parameters().maxTokens().getAsInt()) : "",
                    version.template().system().orElse(""), version.template().user(),
                    version.outputSchema().map(schema -> support.pretty(schema.document())).orElse(""),
                    String.join(", ", version.fallbackModels()), version.createdAt().toString(),
                    version.publishedAt().map(Object::toString).orElse(""));
        }

        boolean draft() {
            return "draft".equals(status);
        }
    }

    /** One setting of two versions, side by side. */
    record SettingRow(String name, String left, String right) {

        boolean changed() {
            return !left.equals(right);
        }
    }

    /** A text of two versions as a line diff. */
    record TextDiff(String name, List<LineDiff.Line> lines) {

        boolean changed() {
            return LineDiff.changed(lines);
        }
    }

    /** Two versions compared: their settings side by side and their texts as diffs. */
    record Comparison(VersionView left, VersionView right, List<SettingRow> settings, List<TextDiff> texts) {

        static Comparison of(VersionView left, VersionView right) {
            List<SettingRow> settings = List.of(
                    new SettingRow("Status", left.status(), right.status()),
                    new SettingRow("Model", left.model(), right.model()),
                    new SettingRow("Provider", left.provider(), right.provider()),
                    new SettingRow("Temperature", left.temperature(), right.temperature()),
                    new SettingRow("Max tokens", left.maxTokens(), right.maxTokens()),
                    new SettingRow("Fallback models", left.fallbackModels(), right.fallbackModels()));
            List<TextDiff> texts = new ArrayList<>();
            texts.add(new TextDiff("System template", LineDiff.of(left.systemTemplate(), right.systemTemplate())));
            texts.add(new TextDiff("User template", LineDiff.of(left.userTemplate(), right.userTemplate())));
            texts.add(new TextDiff("Output schema", LineDiff.of(left.outputSchema(), right.outputSchema())));
            return new Comparison(left, right, settings, texts);
        }
    }

    /**
     * A prompt with its versions, newest first, and two of them compared.
     *
     * @param endpoint the path and id of its endpoint, when it has one
     */
    record DetailPage(Frame frame, String id, String name, String title, String description,
            Optional<EndpointChoice> endpoint, List<VersionView> versions, Optional<Comparison> comparison,
            boolean canManage) {

        String href() {
            return "/console/prompts/" + id;
        }
    }

    record DraftFields(String systemTemplate, String userTemplate, String model, String provider,
            String temperature, String maxTokens, String outputSchema, String fallbackModels) {

        static final DraftFields NEW = new DraftFields("", "", "echo", "", "", "", "", "");

        static DraftFields of(VersionView version) {
            return new DraftFields(version.systemTemplate(), version.userTemplate(), version.model(),
                    version.provider(), version.temperature(), version.maxTokens(), version.outputSchema(),
                    version.fallbackModels());
        }
    }

    record DraftPage(Frame frame, String promptId, String promptName, DraftFields fields, FormErrors errors) {

        String href() {
            return "/console/prompts/" + promptId;
        }
    }

    /** The confirmation before a draft goes live, with what changes against the live version. */
    record PublishPage(Frame frame, String promptId, String promptName, VersionView draft,
            Optional<Comparison> againstLive) {

        String href() {
            return "/console/prompts/" + promptId;
        }
    }

    /**
     * One input of the test form, made from a property of the endpoint's input schema.
     *
     * @param kind {@code string}, {@code number}, {@code integer}, {@code boolean}, {@code enum} or {@code json}
     * @param options an enum's values, as JSON text
     * @param value what the form holds: as typed, or for an enum the index of the chosen value
     */
    record InputField(String name, String kind, boolean required, String description, List<String> options,
            String value) {

        /** The form field's name: a prefix keeps a property named like the CSRF field apart from it. */
        String formName() {
            return "in." + name;
        }

        /** The id of the input, and the field an error of it names. */
        String id() {
            return "in-" + name.replaceAll("[^A-Za-z0-9_-]", "_");
        }
    }

    /** What a test run answered: the answer, the tokens, the cost and how long it took. */
    record TestResult(String executionId, String status, String answer, long inputTokens, long outputTokens,
            String cost, String latency) {

        static TestResult of(Execution execution, ConsoleSupport support) {
            String answer = execution.output()
                    .map(output -> output.json().map(support::pretty).orElse(output.text())).orElse("");
            return new TestResult(execution.id().value(), execution.status().wireName(), answer,
                    execution.usage().inputTokens(), execution.usage().outputTokens(),
                    execution.cost().map(cost -> "$" + cost.toPlainString()).orElse("not priced"),
                    execution.latency().map(latency -> latency.toMillis() + " ms").orElse(""));
        }
    }

    /**
     * The test form of one version, and the last run's result or refusal.
     *
     * @param freeForm the prompt has no endpoint: its input is one JSON object
     * @param failedExecution the execution a failed run recorded, to follow in the log
     */
    record TestPage(Frame frame, String promptId, String promptName, VersionView version, List<InputField> fields,
            boolean freeForm, String freeFormInput, Optional<TestResult> result, FormErrors errors,
            Optional<String> failedExecution) {

        String href() {
            return "/console/prompts/" + promptId;
        }
    }
}
