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

    private final CommitCadence forecasting = new CommitCadence(Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofSeconds(5));

    @Test
    void forecastsKafkaStreamsOwnCommitFromTheLastOneNotRequestedHere() {
        forecasting.due(10_400);
        assertThat(forecasting.due(11_000)).isTrue();
        forecasting.committed(11_030);
        assertThat(forecasting.nextSafetyNetFlush()).as("only requested commits so far: nothing known").isEqualTo(Long.MAX_VALUE);
        forecasting.committed(12_430); // no request: Kafka Streams' own, the next one 5 s after its end
        assertThat(forecasting.nextSafetyNetFlush()).isEqualTo(17_380);
        assertThat(forecasting.due(13_000)).isTrue();
        forecasting.committed(13_040);
        assertThat(forecasting.nextSafetyNetFlush()).as("a requested commit leaves the forecast").isEqualTo(17_380);
        forecasting.committed(17_436);
        assertThat(forecasting.nextSafetyNetFlush()).isEqualTo(22_386);
    }

    @Test
    void aRequestedCommitEndingWhenKafkaStreamsOwnWasDueIsTakenForIt() {
        forecasting.due(10_400);
        forecasting.committed(13_340); // Kafka Streams' own: next at 18 340
        assertThat(forecasting.due(18_000)).isTrue();
        forecasting.committed(18_010);
        assertThat(forecasting.nextSafetyNetFlush()).as("18 010 is before 18 340 − 10: only the requested one").isEqualTo(18_290);
        assertThat(forecasting.due(19_000)).isTrue();
        forecasting.committed(19_000); // the forecast was due: both in one commit (Kafka Streams' path commits all)
        assertThat(forecasting.nextSafetyNetFlush()).as("24 000 is a boundary: its own flush ahead serves it")
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void noFlushAheadOfAForecastWithinTheFlushAheadTimeOfABoundary() {
        forecasting.committed(12_020);
        assertThat(forecasting.nextSafetyNetFlush()).as("17 020: 20 ms after a boundary").isEqualTo(Long.MAX_VALUE);
        forecasting.committed(12_960);
        assertThat(forecasting.nextSafetyNetFlush()).as("17 960: 40 ms before one").isEqualTo(Long.MAX_VALUE);
        forecasting.committed(12_940);
        assertThat(forecasting.nextSafetyNetFlush()).isEqualTo(17_890);
    }

    @Test
    void nothingIsForecastWithoutASafetyNetOrAFlushAheadTimeNorAcrossThreads() throws Exception {
        CommitCadence noNet = new CommitCadence(Duration.ofSeconds(1), Duration.ofMillis(50));
        noNet.committed(12_430);
        assertThat(noNet.nextSafetyNetFlush()).isEqualTo(Long.MAX_VALUE);
        CommitCadence noAhead = new CommitCadence(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5));
        noAhead.committed(12_430);
        assertThat(noAhead.nextSafetyNetFlush()).isEqualTo(Long.MAX_VALUE);
        forecasting.committed(12_430);
        assertThat(CompletableFuture.supplyAsync(forecasting::nextSafetyNetFlush).get())
                .as("another stream thread has its own commits").isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> new CommitCadence(Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(-1)))
                .hasMessageContaining("safety net must be >= 0");
    }
}
