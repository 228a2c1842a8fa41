package io.sensorstream.core.state;

import java.nio.ByteBuffer;

/**
 * {@link PendingBucket}. v2: start (long), size (long), entry count (int), width (int), then per entry sensor id
 * (string), event time (long) and {@code width} values (doubles), in arrival order. v1 (read only) had per entry a
 * sequence number, its own value count and the reading's tags; entries were in arrival order too, so v1 decodes to the
 * same bucket with the sequence numbers and tags dropped.
 *
 * <p>A bucket fills over several commits: the codec keeps the bytes it produced last time in the bucket and only
 * appends the entries added since, so a commit costs a copy, not a re-encoding of every waiting reading.
 */
public final class PendingBucketCodec extends VersionedCodec<PendingBucket> {

    private static final int HEADER = 1 + 8 + 8 + 4 + 4;

    public PendingBucketCodec() {
        super("pending-bucket", 2);
    }

    @Override
    protected void write(PendingBucket v, BinaryWriter out) {
        // the version byte is already in out; the header is rewritten, the entries appended to what was encoded before
        out.putLong(v.startMs()).putLong(v.sizeMs()).putInt(v.size()).putInt(v.width());
        int from = 0;
        if (v.encoded != null && v.encodedCount <= v.size()) {
            out.putBytes(v.encoded, HEADER, v.encodedLength - HEADER);
            from = v.encodedCount;
        }
        int width = v.width();
        for (int i = from; i < v.size(); i++) {
            out.putString(v.sensorId(i)).putLong(v.eventTimeMs(i));
            for (int m = 0; m < width; m++) out.putDouble(v.value(i, m));
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
        int width = version >= 2 ? valueCount(in.getInt()) : -1;
        double[] values = new double[Math.max(width, 0)];
        for (int i = 0; i < n; i++) {
            if (version == 1) {
                in.getLong(); // sequence: arrival order is the entry order
            }
            String id = BinaryWriter.readString(in);
            long t = in.getLong();
            if (version == 1) {
                values = new double[valueCount(in.getInt())];
            }
            for (int j = 0; j < values.length; j++) values[j] = in.getDouble();
            if (version == 1) {
                BinaryWriter.readTags(in); // detection does not use tags
            }
            b.add(id, t, values);
        }
        return b;
    }

    private static int valueCount(int k) {
        if (k < 0 || k > 1_000) throw new IllegalArgumentException("value count " + k);
        return k;
    }
}
