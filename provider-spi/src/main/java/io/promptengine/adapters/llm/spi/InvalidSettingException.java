package io.promptengine.adapters.llm.spi;

import java.util.Objects;

/**
 * A providers-file entry's field that its kind cannot accept: missing, of the wrong type, unknown to the kind, or
 * naming an environment variable that is not set. It carries the field apart from the problem so that the reader of
 * the file can say where it is ({@code The providers file f.json, line 3: providers[1].base_url: ...}); its message
 * never quotes a secret.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    /**
     * @param field the entry's field, such as {@code max_words}
     * @param problem what is wrong, in words that complete "field: ...", such as {@code must be from 1 to 1000}
     */
    public InvalidSettingException(String field, String problem) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(problem, "problem"));
        this.field = field;
        this.problem = problem;
    }

    /** The entry's field, such as {@code base_url}. */
    public String field() {
        return field;
    }

    /** What is wrong with it, such as {@code required for kind anthropic}. */
    public String problem() {
        return problem;
    }
}
