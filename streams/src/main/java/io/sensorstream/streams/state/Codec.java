package io.sensorstream.streams.state;

/** Converts a state object to and from the bytes a Kafka Streams store and its changelog hold. */
public interface Codec<T> {

    byte[] encode(T value);

    T decode(byte[] bytes);
}
