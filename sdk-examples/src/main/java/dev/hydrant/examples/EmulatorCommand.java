package dev.hydrant.examples;

import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorBuilder;
import dev.hydrant.testkit.IntegrationMode;
import dev.hydrant.testkit.Retention;
import dev.hydrant.testkit.S3Buffering;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emulator}: runs the testkit's proxy emulator on its own until the process is stopped, for
 * trying {@code produce --endpoint} or another client against it. On Ctrl-C or SIGTERM the shutdown
 * hook closes the emulator, which writes every buffered record to {@code --out} before the process
 * exits.
 */
@Command(
    name = "emulator",
    description =
        "Runs the API Gateway -> Firehose -> S3 emulator until stopped (Ctrl-C); prints its"
            + " endpoint.",
    mixinStandardHelpOptions = true)
final class EmulatorCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Port on 127.0.0.1 (default: any free).")
  int port;

  @Option(
      names = "--cert-out",
      paramLabel = "FILE",
      description = "Write the emulator's CA certificate (PEM) here, for --trust.")
  Path certOut;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "Require this x-api-key. Prefer --api-key-file: a value here is visible to other users"
              + " (ps).")
  String apiKey;

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description = "Require the x-api-key read from FILE (surrounding whitespace ignored).")
  Path apiKeyFile;

  /** Where secrets come from; tests replace it. */
  Secrets secrets = Secrets.fromProcess();

  @Option(
      names = "--mode",
      paramLabel = "masked|strict",
      description =
          "masked: every Firehose error answered as HTTP 200 with its JSON body (one default"
              + " integration response); strict: 4xx mapped to 400, 5xx to 500"
              + " (default: ${DEFAULT-VALUE}).")
  String mode = "masked";

  @Option(
      names = "--faults",
      paramLabel = "none|flaky|throttle|outage",
      description = "Injected failures (default: ${DEFAULT-VALUE}).")
  String faults = "none";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write the S3 objects as files under DIR.")
  Path out;

  @Option(
      names = "--buffer-interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "S3 buffering interval: an object is written when the oldest buffered record is this old"
              + " (default: ${DEFAULT-VALUE}; the deployed stream's default is 60 s).")
  Duration bufferInterval = DEFAULT_BUFFER_INTERVAL;

  @Option(
      names = "--buffer-size",
      paramLabel = "BYTES",
      description = "S3 buffering size in bytes (default: ${DEFAULT-VALUE}, 1 MiB).")
  long bufferSize = S3Buffering.SMALL.sizeBytes();

  @Option(
      names = "--file-extension",
      paramLabel = "EXT",
      description =
          "Appended to every S3 object name, as the stream's FileExtension setting: .ndjson.gz"
              + " when clients send gzip records (default: none).")
  String fileExtension = "";

  @Option(
      names = "--stream",
      paramLabel = "NAME",
      description = "Delivery stream (default: ${DEFAULT-VALUE}).")
  String stream = FirehoseEmulatorBuilder.DEFAULT_STREAM;

  /** Default of {@code --buffer-interval}: short, so a first object appears while one watches. */
  static final Duration DEFAULT_BUFFER_INTERVAL = Duration.ofSeconds(5);

  private final PrintStream stdout;
  private final CountDownLatch stopped = new CountDownLatch(1);

  EmulatorCommand(PrintStream stdout) {
    this.stdout = stdout;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    IntegrationMode integration =
        switch (mode.toLowerCase(Locale.ROOT)) {
          case "masked" -> IntegrationMode.MASKED;
          case "strict" -> IntegrationMode.STRICT;
          default ->
              throw new ConfigurationException(
                  "--mode must be masked or strict, got '" + mode + "'");
        };
    if (bufferInterval.isNegative() || bufferInterval.isZero()) {
      throw new ConfigurationException("--buffer-interval must be positive, got " + bufferInterval);
    }
    if (bufferSize < 1) {
      throw new ConfigurationException("--buffer-size must be >= 1 byte, got " + bufferSize);
    }
    FirehoseEmulatorBuilder builder =
        FirehoseEmulator.builder()
            .port(port)
            .mode(integration)
            .faults(FaultPresets.parse(faults, 42))
            .retention(Retention.COUNTERS)
            .s3Buffering(new S3Buffering(bufferSize, bufferInterval))
            .streams(stream);
    try {
      builder.s3FileExtension(fileExtension);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "--file-extension " + e.getMessage().replace("s3FileExtension ", ""), e);
    }
    String key = secrets.resolve("--api-key", apiKey, apiKeyFile, null);
    if (key != null) {
      builder.apiKey(key);
    }
    if (out != null) {
      Files.createDirectories(out);
      builder.s3Directory(out);
    }
    FirehoseEmulator emulator = builder.build().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                },
                "emulator-shutdown"));
    if (certOut != null) {
      Files.writeString(certOut, emulator.caCertificatePem(), StandardCharsets.US_ASCII);
    }
    stdout.println("endpoint " + emulator.endpoint());
    stdout.println("batch    " + emulator.batchEndpoint());
    stdout.println("stream   " + stream + ", mode " + mode + ", faults " + faults);
    if (out != null) {
      stdout.println(
          "out      "
              + out
              + "  (objects every "
              + bufferInterval.toMillis()
              + " ms or "
              + bufferSize
              + " bytes, and on Ctrl-C/SIGTERM)");
    }
    if (certOut != null) {
      stdout.println("CA       " + certOut + "  (use --trust " + certOut + ")");
    }
    stdout.println("Ctrl-C to stop.");
    stdout.flush();
    stopped.await();
    return 0;
  }
}
