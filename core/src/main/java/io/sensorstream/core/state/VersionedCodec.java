package io.sensorstream.core.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * A value codec whose encoding starts with one format-version byte. Encoding always writes {@link #version()};
 * decoding dispatches on the stored byte, so a later format can still read every earlier one, and a format from a
 * newer build is a clear {@link StateFormatException} naming the format and both versions.
 */
public abstract class VersionedCodec<T> implements StateCodec<T> {

    private final String format;
    private final int version;
    /**
     * Length of the last encoding: the next one starts with that much room, so a commit's thousands of similar values
     * do not each regrow the buffer from 64 bytes (a sixth of a commit's encoding time in a profile). A plain field: a
     * codec may be shared by stream threads, and a stale value only costs a regrowth.
     */
    private int lastLength = 64;

    protected VersionedCodec(String format, int version) {
        this.format = format;
        this.version = version;
    }

    /** What the codec stores, for messages: {@code window-state}. */
    public final String format() {
        return format;
    }

    /** The version this build writes. */
    public final int version() {
        return version;
    }

    @Override
    public final byte[] encode(T value) {
        BinaryWriter out = new BinaryWriter(lastLength + (lastLength >> 3));
        out.putByte(version);
        write(value, out);
        byte[] bytes = out.toByteArray();
        lastLength = bytes.length;
        encoded(value, bytes);
        return bytes;
    }

    /** Called with each encoding made: a codec may keep it to encode the value incrementally next time. */
    protected void encoded(T value, byte[] bytes) {
    }

    @Override
    public final T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new StateFormatException(format + ": empty value");
        }
        int stored = bytes[0] & 0xff;
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        try {
            return readVersion(stored, in);
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new StateFormatException(format + " v" + stored + ": corrupt value (" + e + ")", e);
        }
    }

    /** Writes the value, its version byte first, inside the encoding of an enclosing value. */
    final void writeNested(T value, BinaryWriter out) {
        out.putByte(version);
        write(value, out);
    }

    /** Reads a value written by {@link #writeNested}, leaving {@code in} after it. */
    final T readNested(ByteBuffer in) {
        return readVersion(in.get() & 0xff, in);
    }

    /** Reads a value stored in format {@code stored}, after checking that this build knows that version. */
    final T readVersion(int stored, ByteBuffer in) {
        if (stored < 1 || stored > version) {
            throw new StateFormatException(format + ": stored format version " + stored + " is not known to this build "
                    + "(it reads versions 1 to " + version + "); was the state written by a newer sensorstream?");
        }
        return read(stored, in);
    }

    /** Writes the value in the current format (after the version byte). */
    protected abstract void write(T value, BinaryWriter out);

    /** Reads a value stored in format {@code version} (1 to {@link #version()}). */
    protected abstract T read(int version, ByteBuffer in);
}
