package io.sensorstream.core.state;

import io.sensorstream.core.stats.CompactEncoding;
import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A growable big-endian byte buffer for state codecs, with the string and tag layouts every codec shares. */
public final class BinaryWriter {

    private ByteBuffer buf;

    public BinaryWriter(int capacity) {
        buf = ByteBuffer.allocate(Math.max(16, capacity)).order(ByteOrder.BIG_ENDIAN);
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    public BinaryWriter putByte(int v) {
        ensure(1);
        buf.put((byte) v);
        return this;
    }

    public BinaryWriter putInt(int v) {
        ensure(4);
        buf.putInt(v);
        return this;
    }

    public BinaryWriter putLong(long v) {
        ensure(8);
        buf.putLong(v);
        return this;
    }

    public BinaryWriter putDouble(double v) {
        ensure(8);
        buf.putDouble(v);
        return this;
    }

    public BinaryWriter putBytes(byte[] b, int offset, int length) {
        ensure(length);
        buf.put(b, offset, length);
        return this;
    }

    /** Unsigned LEB128: 7 bits a byte, low first; one byte below 128, two below 16 384. */
    public BinaryWriter putVarint(long v) {
        if ((v & ~0x7FL) == 0) { // most counts and lengths
            ensure(1);
            buf.put((byte) v);
            return this;
        }
        ensure(10);
        CompactEncoding.putVarint(buf, v);
        return this;
    }

    /** A signed value as the {@link #putVarint varint} of its zigzag form ({@code (v << 1) ^ (v >> 63)}): 0, −1, 1, −2 … in one byte. */
    public BinaryWriter putZigzag(long v) {
        return putVarint(CompactEncoding.zigzag(v));
    }

    /** A value as a {@link CompactEncoding short decimal} (3 bytes for 23.45), or the escape 7 and the double. */
    public BinaryWriter putDecimal(double x) {
        long code = CompactEncoding.decimalCode(x);
        return code < 0 ? putVarint(7).putDouble(x) : putVarint(code);
    }

    /** UTF-8 with its length as a {@link #putVarint varint}: one byte of length for ids shorter than 128 bytes. */
    public BinaryWriter putShortString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putVarint(b.length);
        return putBytes(b, 0, b.length);
    }



    /** Room for at most {@code maxSize} bytes: {@code encoder} writes into it, the writer moves past what it wrote. */
    public BinaryWriter putEncoded(int maxSize, java.util.function.Consumer<ByteBuffer> encoder) {
        ensure(maxSize);
        ByteBuffer slice = buf.slice();
        slice.limit(maxSize);
        encoder.accept(slice);
        buf.position(buf.position() + slice.position());
        return this;
    }

    /** Overwrites the int at {@code position} (a length known only after what follows it was written). */
    public BinaryWriter putIntAt(int position, int v) {
        buf.putInt(position, v);
        return this;
    }

    /**
     * This writer as a {@link DataOutput} (big-endian, as {@link java.io.DataOutputStream} writes), for state that
     * encodes itself through that interface (detector states), without a stream and a copy per value.
     */
    public DataOutput asDataOutput() {
        return dataOutput;
    }

    private final DataOutput dataOutput = new DataOutput() {
        @Override
        public void write(int b) {
            putByte(b);
        }

        @Override
        public void write(byte[] b) {
            putBytes(b, 0, b.length);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            putBytes(b, off, len);
        }

        @Override
        public void writeBoolean(boolean v) {
            putByte(v ? 1 : 0);
        }

        @Override
        public void writeByte(int v) {
            putByte(v);
        }

        @Override
        public void writeShort(int v) {
            ensure(2);
            buf.putShort((short) v);
        }

        @Override
        public void writeChar(int v) {
            ensure(2);
            buf.putChar((char) v);
        }

        @Override
        public void writeInt(int v) {
            putInt(v);
        }

        @Override
        public void writeLong(long v) {
            putLong(v);
        }

        @Override
        public void writeFloat(float v) {
            putInt(Float.floatToIntBits(v));
        }

        @Override
        public void writeDouble(double v) {
            putDouble(v);
        }

        @Override
        public void writeBytes(String s) {
            for (int i = 0; i < s.length(); i++) putByte(s.charAt(i));
        }

        @Override
        public void writeChars(String s) {
            for (int i = 0; i < s.length(); i++) writeChar(s.charAt(i));
        }

        @Override
        public void writeUTF(String s) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new DataOutputStream(bytes).writeUTF(s);
            write(bytes.toByteArray());
        }
    };

    public int length() {
        return buf.position();
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf.array(), buf.position());
    }

    /** Reads a string of the older formats: an int length, then UTF-8. */
    public static String readString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("string length " + n);
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** Reads a {@link #putVarint varint}. */
    public static long readVarint(ByteBuffer in) {
        return CompactEncoding.readVarint(in);
    }

    /** Reads a {@link #putZigzag zigzag varint}. */
    public static long readZigzag(ByteBuffer in) {
        return CompactEncoding.unzigzag(readVarint(in));
    }

    /** Tag count as a varint, then key and value of each tag as {@link #putShortString short strings}. */
    public BinaryWriter putShortTags(Map<String, String> tags) {
        putVarint(tags.size());
        for (Map.Entry<String, String> e : tags.entrySet()) {
            putShortString(e.getKey());
            putShortString(e.getValue());
        }
        return this;
    }

    /** Reads {@link #putShortTags short tags}. */
    public static Map<String, String> readShortTags(ByteBuffer in) {
        long n = readVarint(in);
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("tag count " + n);
        if (n == 0) return Map.of();
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = readShortString(in);
            tags.put(k, readShortString(in));
        }
        return tags;
    }

    /** Reads a {@link #putShortString short string}. */
    public static String readShortString(ByteBuffer in) {
        long n = readVarint(in);
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("string length " + n);
        String s = new String(in.array(), in.arrayOffset() + in.position(), (int) n, StandardCharsets.UTF_8);
        in.position(in.position() + (int) n);
        return s;
    }

    /** Reads the tags of window-state v1/v2 and pending-bucket v1: an int count, then key and value as {@link #readString strings}. */
    public static Map<String, String> readTags(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("tag count " + n);
        if (n == 0) return Map.of();
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = readString(in);
            tags.put(k, readString(in));
        }
        return tags;
    }
}
