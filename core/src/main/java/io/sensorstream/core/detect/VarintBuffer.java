package io.sensorstream.core.detect;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A growable byte array for varint-encoded detector state, written to the caller's {@link DataOutput} in one call: a
 * large state (a CAD memory of tens of thousands of contexts) byte by byte through a {@code DataOutputStream} costs
 * a synchronised call per byte.
 */
final class VarintBuffer {

    private byte[] bytes = new byte[256];
    private int size;

    /** Unsigned LEB128: 7 bits a byte, low first; one byte below 128. */
    void varint(int v) {
        if (size + 5 > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(size + 5, bytes.length * 2));
        while ((v & ~0x7F) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    /** A set of ints: its size, then each as the zigzag varint of its difference to the one before (small for sorted sets). */
    void ints(int[] a) {
        varint(a.length);
        int previous = 0;
        for (int v : a) {
            int d = v - previous;
            varint((d << 1) ^ (d >> 31));
            previous = v;
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.write(bytes, 0, size);
    }

    int size() {
        return size;
    }
}
