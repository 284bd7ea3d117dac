package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SeenTokenIds}: the replay memory of logout tokens, expiring and capped. */
class SeenTokenIdsTest {
    @Test
    void firstSightingWhenNewThenTrueAndWhenSeenWithinItsTimeThenFalse() {
        var seen = new SeenTokenIds(10);

        assertThat(seen.firstSighting("a", 200, 100)).isTrue();
        assertThat(seen.firstSighting("a", 200, 150)).isFalse();
        assertThat(seen.firstSighting("a", 200, 200)).isFalse();
    }

    @Test
    void firstSightingWhenItsTimeHasPassedThenForgotten() {
        var seen = new SeenTokenIds(10);
        seen.firstSighting("a", 200, 100);
        seen.firstSighting("b", 500, 100);

        assertThat(seen.firstSighting("c", 600, 201)).isTrue();
        assertThat(seen.size()).isEqualTo(2); // a forgotten, b and c kept
        assertThat(seen.firstSighting("b", 500, 300)).isFalse();
    }

    @Test
    void firstSightingWhenFullThenTheIdExpiringSoonestMakesRoom() {
        var seen = new SeenTokenIds(3);
        seen.firstSighting("late", 900, 100);
        seen.firstSighting("soon", 300, 100);
        seen.firstSighting("middle", 600, 100);

        assertThat(seen.firstSighting("new", 700, 100)).isTrue();

        assertThat(seen.size()).isEqualTo(3);
        assertThat(seen.firstSighting("late", 900, 100)).isFalse();
        assertThat(seen.firstSighting("middle", 600, 100)).isFalse();
        assertThat(seen.firstSighting("new", 700, 100)).isFalse();
    }

    @Test
    void firstSightingWhenManyMoreThanTheCapThenSizeNeverExceedsIt() {
        var seen = new SeenTokenIds(100);
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.firstSighting("id-" + i, 1_000 + i, 0)).isTrue();
        }

        assertThat(seen.size()).isEqualTo(100);
    }

    @Test
    void constructorWhenCapacityIsNotPositiveThenRefused() {
        assertThatThrownBy(() -> new SeenTokenIds(0)).isInstanceOf(IllegalArgumentException.class);
    }
    @Test
    void constructorWhenCapacityIsOneThenItRemembersOneId() {
        // The smallest memory still refuses the replay of the latest logout token.
        var seen = new SeenTokenIds(1);

        assertThat(seen.firstSighting("a", 200, 100)).isTrue();
        assertThat(seen.firstSighting("a", 200, 100)).isFalse();
        assertThat(seen.firstSighting("b", 200, 100)).isTrue();
        assertThat(seen.size()).isEqualTo(1);
    }
}
