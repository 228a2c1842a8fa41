package io.sensorstream.core.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Multi-metric readings, tags, timestamp formats and the future check. */
class ReadingFormatsTest {

    private static ParseResult parse(ReadingFormat f, String json) {
        return new ReadingParser(f).parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ReadingFormat withTimestamps(TimestampFormat tf) {
        return new ReadingFormat("id", "ts", tf, List.of(MetricSpec.of("v", -100, 100)), List.of(), 0);
    }

    private static RejectReason reason(ParseResult r) {
        return ((ParseResult.Rejected) r).reason();
    }

    @Test
    void severalMetricsOptionalOnesMayBeMissing() {
        ReadingFormat f = new ReadingFormat("id", "ts", TimestampFormat.EPOCH_MILLIS,
                List.of(MetricSpec.of("temperature", -50, 100), new MetricSpec("humidity", "hum", 0, 100, false),
                        new MetricSpec("pressure", "p", 800, 1200, false)), List.of("site", "floor"), 0);
        ParseResult r = parse(f, "{\"id\":\"a\",\"ts\":5,\"temperature\":21.5,\"p\":1013.25,\"site\":\"lab\",\"floor\":3}");
        assertThat(r).isEqualTo(new ParseResult.Valid(new Reading("a", 5, new double[] {21.5, Double.NaN, 1013.25},
                Map.of("site", "lab", "floor", "3"))));
        assertThat(reason(parse(f, "{\"id\":\"a\",\"ts\":5,\"hum\":40}"))).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reason(parse(f, "{\"id\":\"a\",\"ts\":5,\"temperature\":21.5,\"hum\":140}"))).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reason(parse(f, "{\"id\":\"a\",\"ts\":5,\"temperature\":21.5,\"hum\":\"x\"}"))).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void allOptionalMetricsMissingIsRejected() {
        ReadingFormat f = new ReadingFormat("id", "ts", TimestampFormat.EPOCH_MILLIS,
                List.of(new MetricSpec("a", "a", 0, 1, false), new MetricSpec("b", "b", 0, 1, false)), List.of(), 0);
        assertThat(reason(parse(f, "{\"id\":\"x\",\"ts\":5}"))).isEqualTo(RejectReason.MISSING_FIELD);
    }

    @Test
    void epochSeconds() {
        ReadingFormat f = withTimestamps(TimestampFormat.EPOCH_SECONDS);
        assertThat(((ParseResult.Valid) parse(f, "{\"id\":\"a\",\"ts\":1700000000.25,\"v\":1}")).reading().eventTimeMs())
                .isEqualTo(1_700_000_000_250L);
        assertThat(((ParseResult.Valid) parse(f, "{\"id\":\"a\",\"ts\":1700000000,\"v\":1}")).reading().eventTimeMs())
                .isEqualTo(1_700_000_000_000L);
        assertThat(reason(parse(f, "{\"id\":\"a\",\"ts\":\"soon\",\"v\":1}"))).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void iso8601WithOffsetZoneOrNone() {
        ReadingFormat f = withTimestamps(TimestampFormat.ISO_8601);
        assertThat(time(f, "2026-11-24T18:00:00Z")).isEqualTo(1_795_543_200_000L);
        assertThat(time(f, "2026-11-24T19:00:00.500+01:00")).isEqualTo(1_795_543_200_500L);
        assertThat(time(f, "2026-11-24 18:00:00")).isEqualTo(1_795_543_200_000L);
        assertThat(reason(parse(f, "{\"id\":\"a\",\"ts\":\"yesterday\",\"v\":1}"))).isEqualTo(RejectReason.BAD_TIMESTAMP);
        assertThat(reason(parse(f, "{\"id\":\"a\",\"ts\":1700000000000,\"v\":1}"))).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void autoTakesNumbersAsMillisAndStringsAsIso() {
        ReadingFormat f = withTimestamps(TimestampFormat.AUTO);
        assertThat(((ParseResult.Valid) parse(f, "{\"id\":\"a\",\"ts\":1795543200000,\"v\":1}")).reading().eventTimeMs())
                .isEqualTo(1_795_543_200_000L);
        assertThat(time(f, "2026-11-24T18:00:00Z")).isEqualTo(1_795_543_200_000L);
        assertThat(TimestampFormat.fromCode("iso-8601")).isEqualTo(TimestampFormat.ISO_8601);
        assertThatThrownBy(() -> TimestampFormat.fromCode("unix")).hasMessageContaining("epoch-ms, epoch-s, iso-8601, auto");
    }

    @Test
    void readingsTooFarAheadOfTheirRecordAreRejected() {
        ReadingFormat f = new ReadingFormat("id", "ts", TimestampFormat.EPOCH_MILLIS, List.of(MetricSpec.of("v", -100, 100)),
                List.of(), 60_000);
        ReadingParser parser = new ReadingParser(f);
        byte[] record = "{\"id\":\"a\",\"ts\":1000000,\"v\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(record, 1_000_000 - 60_000)).isInstanceOf(ParseResult.Valid.class);
        ParseResult r = parser.parse(record, 1_000_000 - 60_001);
        assertThat(reason(r)).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
        assertThat(((ParseResult.Rejected) r).detail()).contains("more than 60000 ms after the record's time");
        assertThat(parser.parse(record)).as("no reference time, no check").isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void aFieldCannotHaveTwoRoles() {
        assertThatThrownBy(() -> new ReadingParser(new ReadingFormat("id", "id", TimestampFormat.EPOCH_MILLIS,
                List.of(MetricSpec.of("v", 0, 1)), List.of(), 0))).hasMessageContaining("two roles");
    }

    private static long time(ReadingFormat f, String iso) {
        ParseResult r = parse(f, "{\"id\":\"a\",\"ts\":\"" + iso + "\",\"v\":1}");
        assertThat(r).as(iso).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) r).reading().eventTimeMs();
    }
}
