package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.out.PriceList.Price;
import io.promptengine.domain.execution.Usage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceTest {

    private static final Price PLAIN = new Price(new BigDecimal("2.50"), new BigDecimal("10.00"));
    private static final Price DETAILED = new Price(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"),
            new BigDecimal("3.75"), new BigDecimal("20"));

    @Test
    void givenPriceWithoutDetailRates_cost_ofUsageWithDetails_isTheCostWithout() {
        Usage detailed = new Usage(1000, 500, 600, 300, 400);

        assertThat(PLAIN.cost(detailed)).isEqualTo(PLAIN.cost(new Usage(1000, 500)))
                .isEqualTo(new BigDecimal("0.00750000"));
        assertThat(PLAIN).isEqualTo(new Price(new BigDecimal("2.50"), new BigDecimal("10.00"),
                new BigDecimal("2.50"), new BigDecimal("2.50"), new BigDecimal("10.00")));
    }

    @Test
    void givenDetailRates_cost_pricesEachPartExactly() {
        // 100 uncached × 3 + 600 cached × 0.30 + 300 written × 3.75 + 100 answered × 15 + 400 reasoning × 20
        assertThat(DETAILED.cost(new Usage(1000, 500, 600, 300, 400))).isEqualByComparingTo("0.011105");
        // one token of each kind
        assertThat(DETAILED.cost(new Usage(3, 2, 1, 1, 1))).isEqualByComparingTo("0.00004205");
    }

    @Test
    void givenUsageWithoutDetails_cost_keepsTheScaleOfInputAndOutputRates() {
        assertThat(DETAILED.cost(new Usage(1000, 500))).isEqualTo(new BigDecimal("0.010500"));
    }

    @Test
    void givenNegativeDetailRate_price_isRefused() {
        assertThatThrownBy(() -> new Price(BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("-0.1"), BigDecimal.ONE,
                BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Price(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, null))
                .isInstanceOf(NullPointerException.class);
    }
}
