package io.sensorstream.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CommitCadenceTest {

    private final CommitCadence cadence = new CommitCadence(Duration.ofSeconds(1));

    @Test
    void requestsOneCommitAtEachMultipleOfTheIntervalStartToStart() {
        assertThat(cadence.due(12_345)).as("the first check only sets the first boundary").isFalse();
        assertThat(cadence.due(12_999)).isFalse();
        assertThat(cadence.due(13_000)).as("at the boundary").isTrue();
        assertThat(cadence.due(13_000)).as("once per boundary").isFalse();
        assertThat(cadence.due(13_400)).isFalse();
        // a commit that took 400 ms does not move the next boundary: start to start
        assertThat(cadence.due(14_010)).isTrue();
        assertThat(cadence.due(14_990)).isFalse();
    }

    @Test
    void aLongPauseRequestsOneCommitNotOnePerBoundaryMissed() {
        cadence.due(1_000);
        assertThat(cadence.due(5_500)).isTrue();
        assertThat(cadence.due(5_999)).as("boundaries 2 000 .. 5 000 are behind: the next is 6 000").isFalse();
        assertThat(cadence.due(6_000)).isTrue();
    }

    @Test
    void eachStreamThreadHasItsOwnBoundaries() throws Exception {
        cadence.due(1_000);
        assertThat(cadence.due(2_000)).isTrue();
        // another thread's first check at the same moment only sets its boundary; its commit is its own
        assertThat(CompletableFuture.supplyAsync(() -> cadence.due(2_000)).get()).isFalse();
        assertThat(cadence.due(2_500)).isFalse();
    }

    @Test
    void checksOftenEnoughForTheIntervalButNotForEveryRecord() {
        assertThat(cadence.checkEvery()).isEqualTo(Duration.ofMillis(10));
        assertThat(new CommitCadence(Duration.ofMillis(100)).checkEvery()).isEqualTo(Duration.ofMillis(5));
        assertThat(new CommitCadence(Duration.ofMillis(140)).checkEvery()).isEqualTo(Duration.ofMillis(7));
        assertThat(new CommitCadence(Duration.ofSeconds(30)).checkEvery()).isEqualTo(Duration.ofMillis(10));
        assertThatThrownBy(() -> new CommitCadence(Duration.ZERO)).hasMessageContaining("> 0 ms");
    }

    @Test
    void flushesAheadThatLongBeforeEachBoundaryAndNeverWithoutAFlushAheadTime() {
        CommitCadence ahead = new CommitCadence(Duration.ofSeconds(1), Duration.ofMillis(50));
        assertThat(ahead.nextFlushAhead(12_345)).isEqualTo(12_950);
        assertThat(ahead.nextFlushAhead(12_949)).isEqualTo(12_950);
        assertThat(ahead.nextFlushAhead(12_950)).as("strictly after now: the next boundary's").isEqualTo(13_950);
        assertThat(ahead.nextFlushAhead(13_020)).isEqualTo(13_950);
        assertThat(ahead.nextFlushAhead(-10)).as("before the epoch too").isEqualTo(950);
        assertThat(cadence.nextFlushAhead(12_345)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFlushAheadTimeMustFitInTheInterval() {
        assertThatThrownBy(() -> new CommitCadence(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("flush-ahead must be >= 0 and below the commit interval");
        assertThatThrownBy(() -> new CommitCadence(Duration.ofSeconds(1), Duration.ofMillis(-1)))
                .hasMessageContaining("flush-ahead");
    }
}
