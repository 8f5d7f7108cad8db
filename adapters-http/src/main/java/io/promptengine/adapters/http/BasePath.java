package io.promptengine.adapters.http;

import io.javalin.http.Context;

/**
 * Where the API is mounted in a web server: {@code ""} at the root, as the stand-alone server serves it, or a path
 * such as {@code /llm} in a host's Javalin application. The routes are written against paths of the API
 * ({@code /v1/executions}); this turns them into request paths and back, and every link the API emits (a
 * {@code Location}, an OpenAPI {@code servers} entry) goes through {@link #under}, so none points outside the mount.
 */
final class BasePath {

    static final BasePath ROOT = new BasePath("");

    private static final String ATTRIBUTE = "promptengine.basePath";

    private final String value;

    private BasePath(String value) {
        this.value = value;
    }

    /**
     * {@code "/"} or {@code ""} is the root; anything else starts with {@code /}, has no trailing slash, no empty
     * segment, and only the characters of a plain path (no query, fragment, wildcard or path parameter), since it
     * is matched literally in front of every route.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code basePath}
     */
    static BasePath parse(String basePath) {
        if (basePath == null) {
            throw new IllegalArgumentException("The base path must not be null; use \"/\" for the root");
        }
        if (basePath.isEmpty() || basePath.equals("/")) {
            return ROOT;
        }
        if (!basePath.startsWith("/")) {
            throw new IllegalArgumentException("The base path must start with '/', as in \"/llm\": '" + basePath
                    + "'");
        }
        if (basePath.endsWith("/")) {
            throw new IllegalArgumentException("The base path must not end with '/', as in \"/llm\": '" + basePath
                    + "'");
        }
        if (basePath.contains("//")) {
            throw new IllegalArgumentException("The base path must not have an empty segment: '" + basePath + "'");
        }
        for (int i = 1; i < basePath.length(); i++) {
            char c = basePath.charAt(i);
            if (!isPlain(c)) {
                throw new IllegalArgumentException("The base path may hold only letters, digits and '/', '-', '.', "
                        + "'_', '~' (no query, wildcard or path parameter): '" + basePath + "' has '" + c + "'");
            }
        }
        return new BasePath(basePath);
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '/' || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** The base path of the API that serves {@code ctx}; the root for a request that no route of ours tagged. */
    static BasePath of(Context ctx) {
        BasePath base = ctx.attribute(ATTRIBUTE);
        return base == null ? ROOT : base;
    }

    /** Tags the request as served under this base path, for the links and paths its handler works out. */
    void attach(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    /** {@code ""} for the root, else the path itself, such as {@code /llm}. */
    String value() {
        return value;
    }

    boolean isRoot() {
        return value.isEmpty();
    }

    /** The request path of the API path {@code apiPath}: {@code /v1/executions} under {@code /llm}. */
    String under(String apiPath) {
        return value + apiPath;
    }

    /**
     * The API path of a request path under this base, as the core knows paths: a tenant endpoint's own path, and
     * what an idempotency key's request is compared by, are the same whether the API is mounted or not.
     */
    String apiPath(String requestPath) {
        if (isRoot() || !requestPath.startsWith(value)) {
            return requestPath;
        }
        String rest = requestPath.substring(value.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /** The API path of the request {@code ctx}. */
    static String apiPath(Context ctx) {
        return of(ctx).apiPath(ctx.path());
    }

    @Override
    public String toString() {
        return isRoot() ? "/" : value;
    }
}
