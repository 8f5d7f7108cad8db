package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    private final List<String> computed = new ArrayList<>();

    @Test
    void givenCachedKey_get_doesNotComputeAgain() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(4, 100, String::length);

        cache.get("abc", this::length);
        cache.get("abc", this::length);

        assertThat(computed).containsExactly("abc");
    }

    @Test
    void givenMoreKeysThanEntries_get_evictsTheLeastRecentlyUsed() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(2, 100, String::length);
        cache.get("a", this::length);
        cache.get("b", this::length);
        cache.get("a", this::length);

        cache.get("c", this::length);
        cache.get("a", this::length);
        cache.get("b", this::length);

        assertThat(computed).containsExactly("a", "b", "c", "b");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void givenKeysHeavierTogetherThanTheWeight_get_evictsUntilTheyFit() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(10, 5, String::length);
        cache.get("aaa", this::length);

        cache.get("bbb", this::length);

        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void givenKeyHeavierThanTheWeight_get_computesButDoesNotKeepIt() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(10, 5, String::length);

        assertThat(cache.get("abcdefgh", this::length)).isEqualTo(8);
        assertThat(cache.size()).isZero();
    }

    @Test
    void givenComputationThatThrows_get_keepsNothing() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(10, 100, String::length);

        assertThatThrownBy(() -> cache.get("bad", key -> {
            throw new IllegalStateException("no");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(cache.size()).isZero();
    }

    private Integer length(String key) {
        computed.add(key);
        return key.length();
    }
}
