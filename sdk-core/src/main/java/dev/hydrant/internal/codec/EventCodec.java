package dev.hydrant.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.TelemetryEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Encodes an event as one line of compact JSON, UTF-8, ending in {@code '\n'}: the NDJSON line that
 * goes into a Firehose record unchanged.
 *
 * <p>Key order is fixed: the envelope ({@code event_id, event_type, schema_version, device_id, seq,
 * timestamp}), then the {@link DeviceContext} attributes, then the event's own fields, each in the
 * order its class documents (a {@link CustomEvent}'s in insertion order). Absent optional fields
 * are left out. Strings are escaped by Jackson ({@code "}, {@code \\} and control characters) and
 * otherwise written as plain UTF-8, emoji included. Numbers: longs as integers, doubles in their
 * shortest form ({@code 29.97}, {@code 12.0}, {@code 1.0E-4}). Golden files under {@code
 * src/test/resources/golden} pin the exact bytes.
 *
 * <p>Fast path: Jackson's streaming generator, no reflection. Each thread keeps one generator
 * writing into one growable buffer, with pre-encoded key names and device attributes, so an encode
 * allocates little besides the returned array.
 *
 * <p>Thread-safe. Events are validated when built, so every event encodes; non-finite numbers
 * cannot reach this class.
 */
public final class EventCodec {
  private final JsonFactory factory;
  private final ThreadLocal<LineWriter> writers;

  /** A codec with its own Jackson factory; share one instance for the whole client. */
  public EventCodec() {
    this.factory =
        new JsonFactoryBuilder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            // Emoji and other non-BMP characters as 4-byte UTF-8, not as two \\u escapes.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            // Lines end with the '\n' the writer adds, not with Jackson's default space separator.
            .rootValueSeparator((SerializableString) null)
            .build();
    this.writers = ThreadLocal.withInitial(this::newWriter);
  }

  /**
   * Encodes one event with its sequence number.
   *
   * @param event a built event
   * @param seq the per-device sequence number the client assigned, {@code >= 0}
   * @return a new array: one compact JSON object in UTF-8 followed by {@code '\n'}
   * @throws NullPointerException if {@code event} is null
   * @throws IllegalArgumentException if {@code seq} is negative
   */
  public byte[] encode(TelemetryEvent event, long seq) {
    Objects.requireNonNull(event, "event");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + seq);
    }
    LineWriter writer = writers.get();
    try {
      return writer.encode(event, seq);
    } catch (IOException e) {
      writers.remove();
      throw new UncheckedIOException("encoding to memory failed", e);
    } catch (RuntimeException | Error e) {
      // The generator may hold half an event; never reuse it.
      writers.remove();
      throw e;
    }
  }

  private LineWriter newWriter() {
    try {
      return new LineWriter(factory);
    } catch (IOException e) {
      throw new UncheckedIOException("creating a JSON generator over memory failed", e);
    }
  }
}
