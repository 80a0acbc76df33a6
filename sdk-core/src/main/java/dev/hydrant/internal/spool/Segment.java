package dev.hydrant.internal.spool;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One segment file as the spool tracks it: its number and how many of its bytes are valid. Guarded
 * by the spool's lock.
 */
final class Segment {
  private static final Pattern NAME = Pattern.compile("segment-([0-9a-f]{16})\\.hsp");

  final long number;
  final Path path;

  /** Where the first frame starts: the header length of the segment's format version. */
  final int dataStart;

  /** The ordinal of the segment's first frame, or {@link FrameCodec#NO_ORDINAL} (version 1). */
  final long firstOrdinal;

  /** Bytes known good: the header plus every complete frame written or recovered. */
  long size;

  /**
   * Bytes the reader may read: {@link #size}, except that with {@link
   * dev.hydrant.SpoolDurability#EVERY_SEND} frames are readable only once synced, so a frame whose
   * fsync fails is never handed out.
   */
  long readable;

  Segment(long number, Path path, long size, int dataStart, long firstOrdinal) {
    this.number = number;
    this.path = path;
    this.size = size;
    this.readable = size;
    this.dataStart = dataStart;
    this.firstOrdinal = firstOrdinal;
  }

  /** The file name of segment {@code number}: {@code segment-<16 hex digits>.hsp}. */
  static String fileName(long number) {
    return String.format(Locale.ROOT, "segment-%016x.hsp", number);
  }

  /** The number in a segment file name, or -1 if the name is not one. */
  static long parseNumber(String fileName) {
    Matcher m = NAME.matcher(fileName);
    return m.matches() ? Long.parseUnsignedLong(m.group(1), 16) : -1;
  }

  @Override
  public String toString() {
    return path.getFileName() + "(" + size + " bytes)";
  }
}
