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

    /** US dollars per million input and per million output tokens. */
    record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

        public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO);

        public Price {
            Objects.requireNonNull(inputPerMillion, "inputPerMillion");
            Objects.requireNonNull(outputPerMillion, "outputPerMillion");
            if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
                throw new IllegalArgumentException("a price is not negative");
            }
        }

        /** The exact cost of {@code usage} in US dollars. */
        public BigDecimal cost(Usage usage) {
            return inputPerMillion.multiply(BigDecimal.valueOf(usage.inputTokens()))
                    .add(outputPerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())))
                    .movePointLeft(6);
        }
    }
}
