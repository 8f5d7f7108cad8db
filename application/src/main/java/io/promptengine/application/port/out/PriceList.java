package io.promptengine.application.port.out;

import io.promptengine.domain.execution.Usage;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** What models cost, per provider and model; a model without a price gives executions no cost. */
public interface PriceList {

    /**
     * @param provider the configured provider's name ({@code openai}, {@code anthropic}, {@code local}…)
     * @param model the provider's own model name, without a {@code provider/} prefix
     */
    Optional<Price> price(String provider, String model);

    /**
     * US dollars per million tokens: input and output, and the details {@link Usage} counts as parts of them —
     * input read from the prompt cache, input written to it, and reasoning output.
     */
    record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cachedInputPerMillion,
            BigDecimal cacheWritePerMillion, BigDecimal reasoningPerMillion) {

        public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO);

        /**
         * A price without rates of its own for the details: each is priced at its parent's rate (cached input and
         * cache writes at the input rate, reasoning at the output rate), so the details change no cost.
         */
        public Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
            this(inputPerMillion, outputPerMillion, inputPerMillion, inputPerMillion, outputPerMillion);
        }

        public Price {
            Objects.requireNonNull(inputPerMillion, "inputPerMillion");
            Objects.requireNonNull(outputPerMillion, "outputPerMillion");
            Objects.requireNonNull(cachedInputPerMillion, "cachedInputPerMillion");
            Objects.requireNonNull(cacheWritePerMillion, "cacheWritePerMillion");
            Objects.requireNonNull(reasoningPerMillion, "reasoningPerMillion");
            if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0 || cachedInputPerMillion.signum() < 0
                    || cacheWritePerMillion.signum() < 0 || reasoningPerMillion.signum() < 0) {
                throw new IllegalArgumentException("a price is not negative");
            }
        }

        /** The exact cost of {@code usage} in US dollars, each part of its tokens at its own rate. */
        public BigDecimal cost(Usage usage) {
            BigDecimal cost = times(inputPerMillion, usage.uncachedInputTokens())
                    .add(times(outputPerMillion, usage.outputTokens() - usage.reasoningTokens()));
            return plus(plus(plus(cost, cachedInputPerMillion, usage.cachedInputTokens()),
                    cacheWritePerMillion, usage.cacheWriteTokens()), reasoningPerMillion, usage.reasoningTokens())
                    .movePointLeft(6);
        }

        /** Adds a detail only when it has tokens: a finer rate must not change the scale of a cost without it. */
        private static BigDecimal plus(BigDecimal cost, BigDecimal perMillion, long tokens) {
            return tokens == 0 ? cost : cost.add(times(perMillion, tokens));
        }

        private static BigDecimal times(BigDecimal perMillion, long tokens) {
            return perMillion.multiply(BigDecimal.valueOf(tokens));
        }
    }
}
