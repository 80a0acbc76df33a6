package dev.hydrant.benchmarks;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.SpoolDurability;
import dev.hydrant.internal.codec.EventCodec;
import dev.hydrant.internal.spool.DiskSpool;
import dev.hydrant.internal.spool.SpoolConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link DiskSpool#append} of an encoded video-quality event, in each durability mode.
 *
 * <p>The spool lives in a fresh directory under {@code java.io.tmpdir} (set {@code
 * -Djava.io.tmpdir} to measure another disk; on tmpfs fsync is free and the numbers mean little).
 * Nothing takes from the spool: it is capped at 64 MiB with {@link BufferFullPolicy#dropOldest()},
 * so once full each new segment evicts the oldest one, and that rollover is part of the cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpoolAppendBenchmark {
  private static final long MAX_BYTES = 64L * 1024 * 1024;
  private static final long SEGMENT_BYTES = 8L * 1024 * 1024;

  /** When appends are forced to disk. */
  @Param({"GROUP_COMMIT", "EVERY_SEND"})
  public SpoolDurability durability;

  private Path directory;
  private DiskSpool spool;
  private byte[] line;
  private long seq;

  /** Opens a spool in a new temporary directory and encodes the event once. */
  @Setup(Level.Trial)
  public void open() throws IOException {
    directory = Files.createTempDirectory("hydrant-spool-bench");
    SpoolConfig config =
        SpoolConfig.builder(directory)
            .durability(durability)
            .segmentBytes(SEGMENT_BYTES)
            .maxBytes(MAX_BYTES)
            .build();
    spool = DiskSpool.open(config, BufferFullPolicy.dropOldest(), (reason, count, events) -> {});
    line =
        new EventCodec()
            .encode(SampleEvents.VIDEO_QUALITY.create(SampleEvents.device("stb-bench-0001")), 0);
  }

  /** Closes the spool and deletes its directory. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    spool.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Appends the event with the next sequence number. */
  @Benchmark
  public boolean append() throws IOException, InterruptedException {
    return spool.append("stb-bench-0001", seq++, System.currentTimeMillis(), line);
  }
}
