package io.sensorstream.app.web.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Records the processor set aside, for the page's dead-letter and late-data view: per topic the total and the count by
 * reason (header {@code sensorstream.reason}), counts by reason per minute of record time (the last
 * {@value #MINUTES} minutes seen), and the last {@code samples} records with their key, value (first
 * {@value #MAX_VALUE_CHARS} characters) and every header (reason, detail, source topic/partition/offset, window).
 * Not thread-safe: {@code LiveView} guards it.
 */
public final class DeadLetterLog {

    static final int MINUTES = 60;
    static final int MAX_VALUE_CHARS = 4_000;
    private static final String REASON = "sensorstream.reason";

    private record Sample(String topic, int partition, long offset, long timestampMs, String key, String value,
                          Map<String, String> headers) {
    }

    private static final class TopicLog {
        long total;
        final Map<String, Long> byReason = new TreeMap<>();
        final TreeMap<Long, Map<String, Long>> perMinute = new TreeMap<>();
        final Deque<Sample> samples = new ArrayDeque<>();
    }

    private final int samples;
    private final Map<String, TopicLog> topics = new LinkedHashMap<>();

    /** @param topics the topics in the order the page shows them, e.g. the dead-letter topic and the late topic */
    public DeadLetterLog(int samples, String... topics) {
        this.samples = samples;
        for (String t : topics) this.topics.put(t, new TopicLog());
    }

    public long total(String topic) {
        TopicLog log = topics.get(topic);
        return log == null ? 0 : log.total;
    }

    public void add(ConsumerRecord<byte[], byte[]> r) {
        TopicLog log = topics.get(r.topic());
        if (log == null) return;
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        String reason = headers.getOrDefault(REASON, "unknown");
        log.total++;
        log.byReason.merge(reason, 1L, Long::sum);
        long minute = Math.floorDiv(r.timestamp(), 60_000L) * 60_000L;
        log.perMinute.computeIfAbsent(minute, k -> new TreeMap<>()).merge(reason, 1L, Long::sum);
        while (log.perMinute.size() > MINUTES) log.perMinute.pollFirstEntry();
        String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
        if (value != null && value.length() > MAX_VALUE_CHARS) value = value.substring(0, MAX_VALUE_CHARS);
        log.samples.addLast(new Sample(r.topic(), r.partition(), r.offset(), r.timestamp(),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), value, headers));
        if (log.samples.size() > samples) log.samples.removeFirst();
    }

    /**
     * Per topic: {@code total}, {@code by_reason}, {@code per_minute} ({@code [{minute, counts: {reason: n}}]}, oldest
     * first) and the newest {@code limit} samples matching {@code reason} (null = any), newest first.
     */
    public ObjectNode toJson(String reason, int limit) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode out = root.putArray("topics");
        topics.forEach((name, log) -> {
            ObjectNode t = out.addObject();
            t.put("topic", name);
            t.put("total", log.total);
            ObjectNode by = t.putObject("by_reason");
            log.byReason.forEach(by::put);
            ArrayNode minutes = t.putArray("per_minute");
            log.perMinute.forEach((minute, counts) -> {
                ObjectNode m = minutes.addObject();
                m.put("minute", minute);
                ObjectNode c = m.putObject("counts");
                counts.forEach(c::put);
            });
            ArrayNode list = t.putArray("samples");
            Iterator<Sample> it = log.samples.descendingIterator();
            while (it.hasNext() && list.size() < limit) {
                Sample s = it.next();
                if (reason != null && !reason.isEmpty() && !reason.equals(s.headers.getOrDefault(REASON, "unknown"))) continue;
                ObjectNode o = list.addObject();
                o.put("id", s.topic + "/" + s.partition + "/" + s.offset);
                o.put("topic", s.topic).put("partition", s.partition).put("offset", s.offset).put("timestamp", s.timestampMs);
                o.put("key", s.key);
                o.put("value", s.value);
                ObjectNode h = o.putObject("headers");
                s.headers.forEach(h::put);
            }
        });
        root.put("samples_held", samples);
        root.put("minutes_held", MINUTES);
        return root;
    }
}
