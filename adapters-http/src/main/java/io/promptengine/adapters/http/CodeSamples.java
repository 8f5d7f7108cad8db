package io.promptengine.adapters.http;

import io.promptengine.domain.endpoint.Endpoint;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The {@code x-codeSamples} of an endpoint's OpenAPI document: the same call in curl, Python (requests),
 * JavaScript (fetch) and Java (java.net.http), each with the key as {@value EndpointOpenApi#API_KEY_PLACEHOLDER}.
 */
final class CodeSamples {

    private static final String KEY = EndpointOpenApi.API_KEY_PLACEHOLDER;

    private CodeSamples() {
    }

    /** @param body the sample request body; {@code json} writes it as JSON text */
    static ArrayNode of(String url, JsonNode body, Json json, Endpoint endpoint) {
        boolean jsonAnswer = endpoint.outputSchema().isPresent();
        ArrayNode samples = JsonNodeFactory.instance.arrayNode();
        add(samples, "curl", "curl", curl(url, json.pretty(body)));
        add(samples, "Python", "Python (requests)", python(url, body, jsonAnswer, endpoint.timeout().toSeconds()));
        add(samples, "JavaScript", "JavaScript (fetch)", javaScript(url, json.pretty(body), jsonAnswer));
        add(samples, "Java", "Java (java.net.http)", java(url, json.text(body)));
        return samples;
    }

    private static void add(ArrayNode samples, String lang, String label, String source) {
        samples.addObject().put("lang", lang).put("label", label).put("source", source);
    }

    private static String curl(String url, String body) {
        return "curl -X POST '" + shellQuoted(url) + "' \\\n"
                + "  -H 'Content-Type: application/json' \\\n"
                + "  -H 'x-api-key: " + KEY + "' \\\n"
                + "  -d '" + shellQuoted(body) + "'";
    }

    private static String python(String url, JsonNode body, boolean jsonAnswer, long timeoutSeconds) {
        return "import requests\n\n"
                + "response = requests.post(\n"
                + "    " + quoted(url) + ",\n"
                + "    headers={\"x-api-key\": \"" + KEY + "\"},\n"
                + "    json=" + python(body, "    ") + ",\n"
                + "    timeout=" + (timeoutSeconds + 5) + ",\n"
                + ")\n"
                + "response.raise_for_status()\n"
                + (jsonAnswer ? "print(response.json())\n" : "print(response.text)\n");
    }

    private static String javaScript(String url, String body, boolean jsonAnswer) {
        return "const response = await fetch(" + quoted(url) + ", {\n"
                + "  method: \"POST\",\n"
                + "  headers: { \"Content-Type\": \"application/json\", \"x-api-key\": \"" + KEY + "\" },\n"
                + "  body: JSON.stringify(" + body.replace("\n", "\n  ") + "),\n"
                + "});\n"
                + "if (!response.ok) {\n"
                + "  throw new Error(`HTTP ${response.status}: ${await response.text()}`);\n"
                + "}\n"
                + (jsonAnswer ? "console.log(await response.json());\n" : "console.log(await response.text());\n");
    }

    private static String java(String url, String body) {
        return "import java.net.URI;\n"
                + "import java.net.http.HttpClient;\n"
                + "import java.net.http.HttpRequest;\n"
                + "import java.net.http.HttpResponse;\n\n"
                + "HttpClient client = HttpClient.newHttpClient();\n"
                + "HttpRequest request = HttpRequest.newBuilder(URI.create(" + quoted(url) + "))\n"
                + "        .header(\"Content-Type\", \"application/json\")\n"
                + "        .header(\"x-api-key\", \"" + KEY + "\")\n"
                + "        .POST(HttpRequest.BodyPublishers.ofString(" + quoted(body) + "))\n"
                + "        .build();\n"
                + "HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());\n"
                + "System.out.println(response.statusCode() + \" \" + response.body());\n";
    }

    /** Inside single quotes, where only a single quote needs care: close, escape it, reopen. */
    private static String shellQuoted(String text) {
        return text.replace("'", "'\\''");
    }

    /** A JSON value as a Python literal: JSON strings and numbers are Python's too; the literals differ. */
    private static String python(JsonNode value, String indent) {
        if (value.isObject()) {
            if (value.isEmpty()) {
                return "{}";
            }
            StringBuilder out = new StringBuilder("{\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                out.append(indent).append("    ").append(quoted(member.getKey())).append(": ")
                        .append(python(member.getValue(), indent + "    ")).append(it.hasNext() ? ",\n" : "\n");
            }
            return out.append(indent).append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                out.append(i > 0 ? ", " : "").append(python(value.get(i), indent));
            }
            return out.append(']').toString();
        }
        if (value.isString()) {
            return quoted(value.stringValue());
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        return value.isNull() ? "None" : value.toString();
    }

    /**
     * Double-quoted with backslash escapes, which Python, JavaScript and Java read alike: backslash, quote and
     * control characters escaped, the rest as it is.
     */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
