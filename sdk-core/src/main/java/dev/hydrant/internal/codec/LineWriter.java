package dev.hydrant.internal.codec;

import static dev.hydrant.internal.codec.WireNames.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.event.VideoQualityEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One thread's encoder: a Jackson generator kept open over a reusable buffer, scratch space for
 * ids, times and numbers, and the pre-encoded JSON of the last few {@link DeviceContext}s (a device
 * sends every event with the same context, so its strings are escaped once, not per event). Not
 * thread-safe: {@link EventCodec} gives each thread its own.
 */
final class LineWriter {
  /** A buffer that grew past this for one huge event is dropped afterwards, not kept. */
  private static final int MAX_RETAINED_BUFFER = 64 * 1024;

  private static final int INITIAL_BUFFER = 1024;

  /** How many device contexts each thread remembers (a gateway may send for several devices). */
  private static final int DEVICE_CACHE_SIZE = 4;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final JsonFactory factory;
  private final LineBuffer out = new LineBuffer();
  private final JsonGenerator g;
  private final char[] chars = new char[36];
  private final DeviceContext[] devices = new DeviceContext[DEVICE_CACHE_SIZE];
  private final SerializedString[] deviceIds = new SerializedString[DEVICE_CACHE_SIZE];
  private final SerializedString[] deviceAttributes = new SerializedString[DEVICE_CACHE_SIZE];
  private int nextDeviceSlot;

  LineWriter(JsonFactory factory) throws IOException {
    this.factory = factory;
    this.g = factory.createGenerator(out);
  }

  byte[] encode(TelemetryEvent event, long seq) throws IOException {
    int device = deviceSlot(event.device());
    g.writeStartObject();
    g.writeFieldName(EVENT_ID);
    uuid(event.eventId());
    g.writeString(chars, 0, 36);
    g.writeFieldName(EVENT_TYPE);
    if (event instanceof VideoQualityEvent) {
      g.writeString(VIDEO_TYPE);
    } else if (event instanceof NetworkLatencyEvent) {
      g.writeString(NETWORK_TYPE);
    } else if (event instanceof UptimeEvent) {
      g.writeString(UPTIME_TYPE);
    } else {
      g.writeString(event.eventType());
    }
    g.writeFieldName(SCHEMA_VERSION);
    g.writeNumber(event.schemaVersion());
    // Pre-encoded ',"device_id":"…"'; the generator adds the comma before the next key itself.
    g.writeRaw(deviceIds[device]);
    g.writeFieldName(SEQ);
    g.writeNumber(seq);
    g.writeFieldName(TIMESTAMP);
    IsoMillis.format(event.timestamp().toEpochMilli(), chars);
    g.writeString(chars, 0, IsoMillis.LENGTH);
    g.writeRaw(deviceAttributes[device]);
    if (event instanceof VideoQualityEvent) {
      writeVideo((VideoQualityEvent) event);
    } else if (event instanceof NetworkLatencyEvent) {
      writeNetwork((NetworkLatencyEvent) event);
    } else if (event instanceof UptimeEvent) {
      writeUptime((UptimeEvent) event);
    } else {
      writeCustom((CustomEvent) event);
    }
    g.writeEndObject();
    g.writeRaw('\n');
    g.flush();
    return out.takeLine();
  }

  private void writeVideo(VideoQualityEvent e) throws IOException {
    g.writeFieldName(PLAYBACK_STATE);
    g.writeString(PLAYBACK_STATES[e.playbackState().ordinal()]);
    text(SESSION_ID, e.sessionId());
    text(CONTENT_ID, e.contentId());
    text(CDN, e.cdn());
    text(CODEC, e.codec());
    number(BITRATE, e.bitrateKbps());
    number(WIDTH, e.resolutionWidthPx());
    number(HEIGHT, e.resolutionHeightPx());
    number(FRAME_RATE, e.frameRateFps());
    number(DROPPED, e.droppedFrames());
    number(REBUFFERS, e.rebufferCount());
    number(REBUFFER_MS, e.rebufferDurationMs());
    number(STARTUP_MS, e.startupTimeMs());
  }

  private void writeNetwork(NetworkLatencyEvent e) throws IOException {
    g.writeFieldName(CONNECTION_TYPE);
    g.writeString(CONNECTION_TYPES[e.connectionType().ordinal()]);
    text(TARGET_HOST, e.targetHost());
    number(RTT, e.rttMs());
    number(JITTER, e.jitterMs());
    number(LOSS, e.packetLossPercent());
    number(DNS, e.dnsTimeMs());
    number(CONNECT, e.connectTimeMs());
    number(TLS, e.tlsTimeMs());
    number(THROUGHPUT, e.throughputKbps());
    number(SIGNAL, e.signalStrengthDbm());
  }

  private void writeUptime(UptimeEvent e) throws IOException {
    g.writeFieldName(UPTIME);
    g.writeNumber(e.uptimeMs());
    if (e.bootTime().isPresent()) {
      g.writeFieldName(BOOT_TIME);
      IsoMillis.format(e.bootTime().get().toEpochMilli(), chars);
      g.writeString(chars, 0, IsoMillis.LENGTH);
    }
    text(REBOOT_REASON, e.lastRebootReason());
    number(MEMORY_USED, e.memoryUsedKb());
    number(MEMORY_TOTAL, e.memoryTotalKb());
    number(CPU, e.cpuUsagePercent());
  }

  private void writeCustom(CustomEvent e) throws IOException {
    for (Map.Entry<String, Object> field : e.fields().entrySet()) {
      g.writeFieldName(field.getKey());
      Object value = field.getValue();
      if (value instanceof String) {
        g.writeString((String) value);
      } else if (value instanceof Long) {
        g.writeNumber((long) (Long) value);
      } else if (value instanceof Double) {
        writeDouble((Double) value);
      } else {
        g.writeBoolean((Boolean) value);
      }
    }
  }

  private void text(SerializedString name, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      g.writeFieldName(name);
      g.writeString(value.get());
    }
  }

  private void number(SerializedString name, OptionalLong value) throws IOException {
    if (value.isPresent()) {
      g.writeFieldName(name);
      g.writeNumber(value.getAsLong());
    }
  }

  private void number(SerializedString name, OptionalInt value) throws IOException {
    if (value.isPresent()) {
      g.writeFieldName(name);
      g.writeNumber(value.getAsInt());
    }
  }

  private void number(SerializedString name, OptionalDouble value) throws IOException {
    if (value.isPresent()) {
      g.writeFieldName(name);
      writeDouble(value.getAsDouble());
    }
  }

  private void writeDouble(double value) throws IOException {
    int length = DecimalText.format(value, chars);
    if (length > 0) {
      g.writeNumber(chars, 0, length);
    } else {
      g.writeNumber(value);
    }
  }

  /** Lower-case canonical form, as {@link UUID#toString()}, into {@code chars[0..36)}. */
  private void uuid(UUID id) {
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    hex(0, msb >>> 32, 8);
    chars[8] = '-';
    hex(9, msb >>> 16, 4);
    chars[13] = '-';
    hex(14, msb, 4);
    chars[18] = '-';
    hex(19, lsb >>> 48, 4);
    chars[23] = '-';
    hex(24, lsb, 12);
  }

  private void hex(int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      chars[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  /** The cache slot holding this device's pre-encoded JSON, filling one if needed. */
  @SuppressWarnings("ReferenceEquality") // a hit is the same instance; equal copies may miss
  private int deviceSlot(DeviceContext device) throws IOException {
    for (int i = 0; i < DEVICE_CACHE_SIZE; i++) {
      if (devices[i] == device) {
        return i;
      }
    }
    // An app that builds an equal context per event still gets the cached JSON.
    for (int i = 0; i < DEVICE_CACHE_SIZE; i++) {
      if (device.equals(devices[i])) {
        devices[i] = device;
        return i;
      }
    }
    int slot = nextDeviceSlot;
    nextDeviceSlot = (slot + 1) % DEVICE_CACHE_SIZE;
    deviceIds[slot] = fragment(device, true);
    deviceAttributes[slot] = fragment(device, false);
    devices[slot] = device;
    return slot;
  }

  /**
   * The device's {@code device_id} pair, or its attribute pairs, as Jackson writes them inside an
   * object, with a leading comma ({@code ,"device_id":"stb-1"}); empty if there are none.
   */
  private SerializedString fragment(DeviceContext d, boolean idOnly) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator fg = factory.createGenerator(bytes)) {
      fg.writeStartObject();
      if (idOnly) {
        fg.writeFieldName(DEVICE_ID);
        fg.writeString(d.deviceId());
      } else {
        fragmentText(fg, MANUFACTURER, d.manufacturer());
        fragmentText(fg, MODEL, d.model());
        fragmentText(fg, FIRMWARE, d.firmwareVersion());
        fragmentText(fg, APP_VERSION, d.appVersion());
        fragmentText(fg, REGION, d.region());
        fragmentText(fg, OPERATOR, d.networkOperator());
      }
      fg.writeEndObject();
    }
    String object = bytes.toString(StandardCharsets.UTF_8);
    String inner = object.substring(1, object.length() - 1);
    return new SerializedString(inner.isEmpty() ? "" : "," + inner);
  }

  private static void fragmentText(JsonGenerator fg, SerializedString name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      fg.writeFieldName(name);
      fg.writeString(value.get());
    }
  }

  /** A growable byte buffer handing out one line at a time. */
  private static final class LineBuffer extends OutputStream {
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int count;

    @Override
    public void write(int b) {
      ensure(1);
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    private void ensure(int more) {
      if (count + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }

    byte[] takeLine() {
      byte[] line = Arrays.copyOf(buf, count);
      count = 0;
      if (buf.length > MAX_RETAINED_BUFFER) {
        buf = new byte[INITIAL_BUFFER];
      }
      return line;
    }
  }
}
