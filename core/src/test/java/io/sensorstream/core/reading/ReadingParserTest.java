package io.sensorstream.core.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReadingParserTest {

    private final ReadingParser parser = new ReadingParser(ReadingFormat.seedDefault());

    private ParseResult parse(String json) {
        return parser.parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheSeedMessage() {
        ParseResult r = parse("{\"sensor_id\": \"sensor_1\", \"temperature\": 21.37, \"timestamp\": 1700000000123}");
        assertThat(r).isEqualTo(new ParseResult.Valid(Reading.of("sensor_1", 1700000000123L, 21.37)));
    }

    @Test
    void ignoresUnknownFieldsAndNestedValuesInAnyOrder() {
        ParseResult r = parse("{\"extra\":{\"a\":[1,2,{\"b\":null}]},\"timestamp\":5,\"temperature\":-3,"
                + "\"tags\":[\"x\"],\"sensor_id\":\"s\"}");
        assertThat(r).isEqualTo(new ParseResult.Valid(Reading.of("s", 5, -3.0)));
    }

    @Test
    void acceptsIntegerSensorIdsAndIntegralFloatTimestamps() {
        assertThat(parse("{\"sensor_id\":17,\"temperature\":1,\"timestamp\":1.7E12}"))
                .isEqualTo(new ParseResult.Valid(Reading.of("17", 1_700_000_000_000L, 1.0)));
    }

    @Test
    void lastDuplicateFieldWins() {
        assertThat(parse("{\"sensor_id\":\"a\",\"sensor_id\":\"b\",\"temperature\":1,\"timestamp\":2}"))
                .isEqualTo(new ParseResult.Valid(Reading.of("b", 2, 1.0)));
    }

    @Test
    void honoursConfiguredFieldNamesAndRange() {
        ReadingParser custom = new ReadingParser(ReadingFormat.single("id", "hum", "ts", 0, 100));
        assertThat(custom.parse("{\"id\":\"h1\",\"hum\":55.5,\"ts\":10}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ParseResult.Valid(Reading.of("h1", 10, 55.5)));
        assertThat(custom.parse("{\"id\":\"h1\",\"hum\":100.5,\"ts\":10}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ParseResult.Rejected.class,
                        rej -> assertThat(rej.reason()).isEqualTo(RejectReason.OUT_OF_RANGE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                                                   | EMPTY",
        "this is not json                                                      | MALFORMED_JSON",
        "{\"sensor_id\":\"s\",\"temperature\":21.5,\"timestamp\":                | MALFORMED_JSON",
        "{\"sensor_id\":\"s\",\"temperature\":21.5,\"timestamp\":1} trailing     | MALFORMED_JSON",
        "[1,2,3]                                                               | NOT_AN_OBJECT",
        "42                                                                    | NOT_AN_OBJECT",
        "{\"temperature\":21.5,\"timestamp\":1}                                  | MISSING_FIELD",
        "{\"sensor_id\":\"s\",\"timestamp\":1}                                   | MISSING_FIELD",
        "{\"sensor_id\":\"s\",\"temperature\":1}                                 | MISSING_FIELD",
        "{\"sensor_id\":null,\"temperature\":1,\"timestamp\":1}                  | MISSING_FIELD",
        "{\"sensor_id\":\"s\",\"temperature\":\"hot\",\"timestamp\":1}           | WRONG_TYPE",
        "{\"sensor_id\":\"s\",\"temperature\":true,\"timestamp\":1}              | WRONG_TYPE",
        "{\"sensor_id\":{\"a\":1},\"temperature\":1,\"timestamp\":1}             | WRONG_TYPE",
        "{\"sensor_id\":\"s\",\"temperature\":1,\"timestamp\":\"yesterday\"}     | WRONG_TYPE",
        "{\"sensor_id\":\"s\",\"temperature\":NaN,\"timestamp\":1}               | NON_FINITE",
        "{\"sensor_id\":\"s\",\"temperature\":-Infinity,\"timestamp\":1}         | NON_FINITE",
        "{\"sensor_id\":\"s\",\"temperature\":1e400,\"timestamp\":1}             | NON_FINITE",
        "{\"sensor_id\":\"s\",\"temperature\":1e308,\"timestamp\":1}             | OUT_OF_RANGE",
        "{\"sensor_id\":\"s\",\"temperature\":-300,\"timestamp\":1}              | OUT_OF_RANGE",
        "{\"sensor_id\":\"s\",\"temperature\":1,\"timestamp\":-5}                | BAD_TIMESTAMP",
        "{\"sensor_id\":\"s\",\"temperature\":1,\"timestamp\":1.5}               | BAD_TIMESTAMP",
        "{\"sensor_id\":\"s\",\"temperature\":1,\"timestamp\":99999999999999999999999} | BAD_TIMESTAMP",
        "{\"sensor_id\":\"s\",\"temperature\":1,\"timestamp\":253402300800000}   | BAD_TIMESTAMP",
        "{\"sensor_id\":\"\",\"temperature\":1,\"timestamp\":1}                  | BAD_SENSOR_ID",
    })
    void rejectsBadInputWithTheRightReason(String input, RejectReason expected) {
        ParseResult r = parse(input);
        assertThat(r).isInstanceOfSatisfying(ParseResult.Rejected.class, rej -> {
            assertThat(rej.reason()).isEqualTo(expected);
            assertThat(rej.detail()).isNotBlank().doesNotContain("\n");
        });
    }

    @Test
    void nullValueIsEmpty() {
        assertThat(parse(null)).isEqualTo(new ParseResult.Rejected(RejectReason.EMPTY, "record value is empty"));
    }

    @Test
    void detailNamesTheField() {
        ParseResult r = parse("{\"sensor_id\":\"s\",\"temperature\":\"hot\",\"timestamp\":1}");
        assertThat(((ParseResult.Rejected) r).detail()).isEqualTo("field 'temperature' is a string, expected a number");
    }

    @Test
    void rejectsOverlongSensorIdAndInvalidUtf8() {
        String id = "x".repeat(ReadingFormat.MAX_SENSOR_ID_LENGTH + 1);
        assertThat(parse("{\"sensor_id\":\"" + id + "\",\"temperature\":1,\"timestamp\":1}"))
                .isInstanceOfSatisfying(ParseResult.Rejected.class,
                        rej -> assertThat(rej.reason()).isEqualTo(RejectReason.BAD_SENSOR_ID));
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b};
        assertThat(parser.parse(garbage)).isInstanceOfSatisfying(ParseResult.Rejected.class,
                rej -> assertThat(rej.reason()).isEqualTo(RejectReason.MALFORMED_JSON));
    }
}
