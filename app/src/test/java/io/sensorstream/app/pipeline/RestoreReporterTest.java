package io.sensorstream.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A start restores dozens of empty store partitions: only restores that did something are logged at INFO. */
class RestoreReporterTest {

    @Test
    void emptyRestoresAreNotLoggedAtInfo() {
        Logger logger = (Logger) LoggerFactory.getLogger(RestoreReporter.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            RestoreReporter reporter = new RestoreReporter(new SimpleMeterRegistry());
            for (int p = 0; p < 24; p++) {
                TopicPartition tp = new TopicPartition("app-sensors-changelog", p);
                reporter.onRestoreStart(tp, "sensors", 0, 0);
                reporter.onRestoreEnd(tp, "sensors", 0);
            }
            TopicPartition busy = new TopicPartition("app-sensors-changelog", 99);
            reporter.onRestoreStart(busy, "sensors", 0, 5);
            reporter.onBatchRestored(busy, "sensors", 5, 5);
            reporter.onRestoreEnd(busy, "sensors", 5);
            assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.INFO).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("Restored 5 records of store 'sensors' from app-sensors-changelog-99"));
        } finally {
            logger.detachAppender(appender);
        }
    }

    /** The pipeline page shows each store partition's restore: records restored of the changelog range, then done. */
    @Test
    void progressIsKeptPerStorePartitionUntilTheEnd() {
        RestoreReporter reporter = new RestoreReporter(new SimpleMeterRegistry());
        TopicPartition sensors = new TopicPartition("app-sensors-changelog", 2);
        TopicPartition pending = new TopicPartition("app-pending-buckets-changelog", 2);
        reporter.onRestoreStart(sensors, "sensors", 100, 1_100);
        reporter.onRestoreStart(pending, "pending-buckets", 0, 10);
        reporter.onBatchRestored(sensors, "sensors", 500, 400);
        reporter.onBatchRestored(sensors, "sensors", 700, 200);
        reporter.onBatchRestored(pending, "pending-buckets", 10, 10);
        reporter.onRestoreEnd(pending, "pending-buckets", 10);
        assertThat(reporter.progress()).containsExactlyInAnyOrder(
                new RestoreReporter.Progress("sensors", 2, 600, 1_000, false),
                new RestoreReporter.Progress("pending-buckets", 2, 10, 10, true));
        reporter.onRestoreEnd(sensors, "sensors", 1_000);
        assertThat(reporter.progress()).contains(new RestoreReporter.Progress("sensors", 2, 1_000, 1_000, true));
    }
}
