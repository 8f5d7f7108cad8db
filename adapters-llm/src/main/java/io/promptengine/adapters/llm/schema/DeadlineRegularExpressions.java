package io.promptengine.adapters.llm.schema;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code pattern} and {@code patternProperties} on {@code java.util.regex}, with every match bounded in time.
 *
 * <p>Why a deadline and not a linear-time engine: networknt's alternatives are Joni, a backtracking engine like
 * the JDK's, and GraalJS, whose linear TRegex needs the Truffle runtime (tens of megabytes). A tenant's pattern is
 * hostile input, so each match reads its text through a {@link CharSequence} that looks at the clock every
 * thousand characters read and gives up past the deadline: a backtracking match reads characters all the time, so
 * it cannot run long without noticing.
 *
 * <p>The deadline is one for a whole validation ({@link #within}), so a document with many strings cannot buy
 * more time than one; outside a validation each match gets {@link #SINGLE_MATCH}. Running out fails the
 * validation ({@link TooSlowException}) instead of counting as "no match": under {@code not} or
 * {@code patternProperties} a "no match" would let a document through.
 */
final class DeadlineRegularExpressions implements RegularExpressionFactory {

    static final Duration SINGLE_MATCH = Duration.ofMillis(100);
    private static final int CHECK_EVERY = 1024;
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    /** Runs {@code work} with every match in it sharing the deadline {@code budget} from now. */
    static <T> T within(Duration budget, Supplier<T> work) {
        Long outer = DEADLINE.get();
        DEADLINE.set(System.nanoTime() + budget.toNanos());
        try {
            return work.get();
        } finally {
            if (outer == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(outer);
            }
        }
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return value -> matches(pattern, value);
    }

    private static boolean matches(Pattern pattern, String value) {
        Long shared = DEADLINE.get();
        long deadline = shared != null ? shared : System.nanoTime() + SINGLE_MATCH.toNanos();
        try {
            return pattern.matcher(new DeadlineText(value, deadline, pattern.pattern())).find();
        } catch (StackOverflowError e) {
            // java.util.regex recurses once per repetition of some groups; a long enough value overflows.
            throw new TooSlowException(pattern.pattern());
        }
    }

    /** A match ran out of time, or of stack; {@link #pattern()} is the regular expression. */
    static final class TooSlowException extends RuntimeException {

        private final String pattern;

        TooSlowException(String pattern) {
            super("The pattern " + pattern + " took too long to match", null, false, false);
            this.pattern = pattern;
        }

        String pattern() {
            return pattern;
        }
    }

    private static final class DeadlineText implements CharSequence {

        private final String text;
        private final long deadline;
        private final String pattern;
        private int reads;

        DeadlineText(String text, long deadline, String pattern) {
            this.text = text;
            this.deadline = deadline;
            this.pattern = pattern;
        }

        @Override
        public char charAt(int index) {
            if (++reads % CHECK_EVERY == 0 && System.nanoTime() - deadline > 0) {
                throw new TooSlowException(pattern);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineText(text.substring(start, end), deadline, pattern);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
