package io.sensorstream.core.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hand-written fast path ({@link FlatJsonScanner}) and Jackson's parser give the same result for every record:
 * the same reading (values compared bit for bit) or the same rejection with the same message. Checked on hand-picked
 * edge cases and on 50 000 random records and byte-level mutations of them.
 */
class FastPathEquivalenceTest {

    private static final ReadingFormat TAGGED = new ReadingFormat("sensor_id", "timestamp", TimestampFormat.AUTO,
            List.of(new MetricSpec("temperature", "temperature", -273.15, 1_000_000, false), new MetricSpec("humidity", "humidity", 0, 100, false)),
            List.of("site"), 86_400_000L);
    private static final String MUTATIONS = " {}[]\",:.-+0123456789eEnulltrfas\\\u00e9\tx";
    private final ReadingParser seed = new ReadingParser(ReadingFormat.seedDefault());
    private final ReadingParser tagged = new ReadingParser(TAGGED);

    private static String describe(ParseResult r) {
        if (r instanceof ParseResult.Valid v) {
            Reading x = v.reading();
            return "valid " + x.sensorId() + " " + x.eventTimeMs() + " "
                    + Arrays.stream(x.values()).mapToObj(d -> Long.toHexString(Double.doubleToRawLongBits(d))).collect(Collectors.joining(","))
                    + " " + x.tags();
        }
        ParseResult.Rejected j = (ParseResult.Rejected) r;
        return "rejected " + j.reason() + ": " + j.detail();
    }

    private void same(ReadingParser parser, byte[] bytes) {
        long reference = 1_700_000_000_000L;
        assertThat(describe(parser.parse(bytes, reference)))
                .as("%s", new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo(describe(parser.parseWithJackson(bytes, reference)));
    }

    @Test
    void theSeedMessageTakesTheFastPath() {
        FlatJsonScanner scanner = new FlatJsonScanner(new String[] {"sensor_id", "temperature", "timestamp"}, new int[] {-1, 0, -2},
                new String[0], -1, -2, 1 << 20);
        ReadingParser.Fields f = new ReadingParser.Fields(1);
        byte[] seedMessage = "{\"sensor_id\": \"sensor_3\", \"temperature\": 23.45, \"timestamp\": 1700000000123}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(scanner.scan(seedMessage, f)).isTrue();
        assertThat(f.sensorId).isEqualTo("sensor_3");
        assertThat(f.values[0]).isEqualTo(23.45);
        assertThat(f.timestampLong).isEqualTo(1_700_000_000_123L);
        assertThat(scanner.scan("{\"sensor_id\": \"s\\u0033\", \"temperature\": 1}".getBytes(StandardCharsets.UTF_8),
                new ReadingParser.Fields(1))).as("an escape goes to Jackson").isFalse();
    }

    @Test
    void edgeCasesGiveTheSameResultBothWays() {
        String[] cases = {
            "{\"sensor_id\":\"s\",\"temperature\":21.5,\"timestamp\":1700000000000}",
            " {\n\t\"timestamp\" : 1700000000000 ,\r\n \"temperature\" : -0.0 , \"sensor_id\" : \"s\" } ",
            "{\"sensor_id\":\"s\",\"temperature\":-0,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":0.1,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":123456789012345,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":1234567.89012345,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":0.1234567890123456789,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":1e2,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":01,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":1.,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":.5,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":+1,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":1.5.3,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":nul,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":nullx,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":null,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":true,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":\"21\",\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":21,\"temperature\":null,\"timestamp\":1700000000000}",
            "{\"sensor_id\":17,\"temperature\":21,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":21,\"timestamp\":\"2023-11-14T22:13:20Z\"}",
            "{\"sensor_id\":\"s\",\"temperature\":21,\"timestamp\":1700000000000.0}",
            "{\"sensor_id\":\"s\",\"temperature\":21,\"timestamp\":-1}",
            "{\"sensor_id\":\"s\",\"temperature\":21,\"timestamp\":999999999999999999}",
            "{\"sensor_id\":\"s\",\"temperature\":21,\"timestamp\":1800000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":21,\"timestamp\":null}",
            "{\"sensor_id\":\"s\",\"temperature\":21,\"timestamp\":1700000000000}{}",
            "{\"sensor_id\":\"s\",\"temperature\":21,\"timestamp\":1700000000000,}",
            "{\"sensor_id\":\"s\" \"temperature\":21}",
            "{}", "{ }", "{", "}", " ", "[]", "null", "\"s\"",
            "{\"sensor_id\":\"\",\"temperature\":21,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"extra\":{\"a\":[1,2]},\"temperature\":21,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"extra\":\"x\\\"y\",\"temperature\":21,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"extra\":12345678901234567890123,\"temperature\":21,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"site\":\"b\",\"humidity\":55,\"temperature\":21,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"site\":7,\"humidity\":55,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"site\":true,\"humidity\":55,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"site\":null,\"humidity\":101,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"humidity\":-1e-3,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":-273.16,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"s\",\"temperature\":NaN,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"séance\",\"temperature\":21,\"timestamp\":1700000000000}",
            "{\"sensor_id\":\"tab\there\",\"temperature\":21,\"timestamp\":1700000000000}",
        };
        for (String c : cases) {
            same(seed, c.getBytes(StandardCharsets.UTF_8));
            same(tagged, c.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void randomRecordsAndTheirMutationsGiveTheSameResultBothWays() {
        SplittableRandom random = new SplittableRandom(42);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            StringBuilder b = new StringBuilder("{");
            List<String> fields = new ArrayList<>(List.of(
                    "\"sensor_id\":\"sensor_" + random.nextInt(1000) + "\"",
                    "\"temperature\":" + number(random),
                    "\"timestamp\":" + (1_700_000_000_000L + random.nextLong(-1_000_000, 100_000_000_000L))));
            if (random.nextInt(4) == 0) fields.add("\"humidity\":" + number(random));
            if (random.nextInt(4) == 0) fields.add("\"site\":\"s" + random.nextInt(9) + "\"");
            if (random.nextInt(8) == 0) fields.add("\"unknown\":" + number(random));
            java.util.Collections.shuffle(fields, new java.util.Random(random.nextLong()));
            b.append(String.join(random.nextInt(3) == 0 ? ", " : ",", fields)).append('}');
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            records.add(bytes);
            byte[] mutated = bytes.clone();
            int flips = 1 + random.nextInt(3);
            for (int k = 0; k < flips; k++) {
                mutated[random.nextInt(mutated.length)] = (byte) MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
            }
            records.add(mutated);
        }
        for (byte[] r : records) {
            same(seed, r);
            same(tagged, r);
        }
    }

    private static String number(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(random.nextInt(-300, 300));
            case 1 -> String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble(-50, 150));
            case 2 -> Double.toString(random.nextDouble(-1000, 1000));
            case 3 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)));
            case 4 -> "0." + Long.toString(random.nextLong(0, Long.MAX_VALUE));
            default -> Long.toString(random.nextLong(0, 10_000_000)) + "." + random.nextInt(0, 1000);
        };
    }
}
