package dev.hydrant.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit <dir>}: the loss audit over a local copy of the Firehose output (the emulator's
 * {@code --out} directory, or {@code aws s3 sync s3://<bucket>/telemetry/ <dir>}), see {@link
 * DeliveryAudit}. Exit {@value HydrantDemo#EXIT_SHORTFALL} when an event is lost or a line is not
 * an event, {@value HydrantDemo#EXIT_OK} otherwise; duplicates and out-of-order arrivals are
 * reported but are normal for at-least-once delivery.
 */
@Command(
    name = "audit",
    description =
        "Audits Firehose output (plain or gzip NDJSON files under DIR) for lost, duplicated and"
            + " out-of-order events per device; exit 1 when events are lost.",
    mixinStandardHelpOptions = true)
final class AuditCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory holding the objects.")
  Path dir;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Option(
      names = "--devices",
      paramLabel = "N",
      description = "Per-device lines to print, worst first (default: ${DEFAULT-VALUE}).")
  int devices = 20;

  private final PrintStream stdout;

  AuditCommand(PrintStream stdout) {
    this.stdout = stdout;
  }

  @Override
  public Integer call() throws IOException {
    if (devices < 0) {
      throw new ConfigurationException("--devices must be >= 0, got " + devices);
    }
    DeliveryAudit audit = DeliveryAudit.of(dir);
    if (json) {
      stdout.println(Json.write(audit.toMap()));
    } else {
      print(audit);
    }
    stdout.flush();
    return audit.clean() ? HydrantDemo.EXIT_OK : HydrantDemo.EXIT_SHORTFALL;
  }

  private void print(DeliveryAudit audit) {
    stdout.printf(
        "objects %d, devices %d, events %d (unique %d)%n",
        audit.objects(),
        audit.devices().size(),
        audit.total(d -> d.events),
        audit.total(DeliveryAudit.Device::unique));
    stdout.printf(
        "lost %d, duplicated %d, out of order %d, unreadable lines %d%n",
        audit.total(DeliveryAudit.Device::lost),
        audit.total(d -> d.duplicates),
        audit.total(d -> d.outOfOrder),
        audit.unreadableLines());
    stdout.printf(
        "delivery latency (event timestamp -> object time) p50 %d ms, p99 %d ms, max %d ms%n",
        audit.latencyMillis(50), audit.latencyMillis(99), audit.latencyMillis(100));
    for (String sample : audit.unreadableSamples()) {
      stdout.println("unreadable: " + sample);
    }
    audit.devices().stream()
        .sorted(
            (a, b) ->
                Long.compare(
                    b.lost() * 1_000_000 + b.duplicates + b.outOfOrder,
                    a.lost() * 1_000_000 + a.duplicates + a.outOfOrder))
        .limit(devices)
        .forEach(
            d ->
                stdout.printf(
                    "  %-28s events %6d  lost %5d  dup %5d  ooo %5d  seq %d..%d  %s .. %s%n",
                    d.id,
                    d.events,
                    d.lost(),
                    d.duplicates,
                    d.outOfOrder,
                    d.minSeq,
                    d.maxSeq,
                    d.first,
                    d.last));
    stdout.println(audit.clean() ? "CLEAN: no event lost" : "LOSS: events are missing");
  }
}
