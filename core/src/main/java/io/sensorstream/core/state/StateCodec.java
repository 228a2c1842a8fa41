package io.sensorstream.core.state;

/** Converts a state object to and from the bytes a durable store and its changelog hold. */
public interface StateCodec<T> {

    byte[] encode(T value);

    /** @throws StateFormatException when the bytes are of a format version this build does not know */
    T decode(byte[] bytes);
}
