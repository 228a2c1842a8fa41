package io.sensorstream.core.state;

import io.sensorstream.core.reading.Reading;
import java.nio.ByteBuffer;

/**
 * {@link PendingBucket} v1: start (long), size (long), entry count (int), then per entry sequence (long), sensor id
 * (string), event time (long), value count (int) and values (doubles), tags.
 *
 * <p>A bucket fills over several commits: the codec keeps the bytes it produced last time in the bucket and only
 * appends the entries added since, so a commit costs a copy, not a re-encoding of every waiting reading.
 */
public final class PendingBucketCodec extends VersionedCodec<PendingBucket> {

    private static final int HEADER = 1 + 8 + 8 + 4;

    public PendingBucketCodec() {
        super("pending-bucket", 1);
    }

    @Override
    protected void write(PendingBucket v, BinaryWriter out) {
        // the version byte is already in out; the header is rewritten, the entries appended to what was encoded before
        out.putLong(v.startMs()).putLong(v.sizeMs()).putInt(v.size());
        int from = 0;
        if (v.encoded != null && v.encodedCount <= v.size()) {
            out.putBytes(v.encoded, HEADER, v.encodedLength - HEADER);
            from = v.encodedCount;
        }
        for (int i = from; i < v.size(); i++) {
            PendingBucket.Entry e = v.entries().get(i);
            Reading r = e.reading();
            out.putLong(e.sequence()).putString(r.sensorId()).putLong(r.eventTimeMs()).putInt(r.values().length);
            for (double d : r.values()) out.putDouble(d);
            out.putTags(r.tags());
        }
    }

    @Override
    protected void encoded(PendingBucket v, byte[] bytes) {
        v.encoded = bytes;
        v.encodedCount = v.size();
        v.encodedLength = bytes.length;
    }

    @Override
    protected PendingBucket read(int version, ByteBuffer in) {
        PendingBucket b = new PendingBucket(in.getLong(), in.getLong());
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("entry count " + n);
        for (int i = 0; i < n; i++) {
            long seq = in.getLong();
            String id = BinaryWriter.readString(in);
            long t = in.getLong();
            int k = in.getInt();
            if (k < 0 || k > 1_000) throw new IllegalArgumentException("value count " + k);
            double[] values = new double[k];
            for (int j = 0; j < k; j++) values[j] = in.getDouble();
            b.add(seq, new Reading(id, t, values, BinaryWriter.readTags(in)));
        }
        return b;
    }
}
