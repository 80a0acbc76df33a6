package dev.hydrant.examples;

import dev.hydrant.HydrantException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hydrant-demo}: the example producer and integration test harness. {@code produce} (the
 * default) runs a simulated set-top-box fleet; {@code check-tls} audits an endpoint's TLS; {@code
 * roundtrip} sends one event of each type; {@code emulator} runs the proxy emulator alone; {@code
 * audit} checks Firehose output for lost events.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_SHORTFALL} delivery shortfall (or a
 * failed TLS audit, or events lost in an audit); {@value #EXIT_CONFIG} configuration or TLS error,
 * with one line on stderr.
 */
@Command(
    name = "hydrant-demo",
    description = "Hydrant's example producer and integration test harness.",
    mixinStandardHelpOptions = true,
    version = "hydrant-demo 0.1.0",
    footer = {
      "",
      "Without a command, runs produce: java -jar hydrant-demo.jar [produce options].",
      "Exit codes: 0 ok, 1 delivery shortfall or failed TLS audit, 2 configuration or TLS error."
    },
    subcommands = {CommandLine.HelpCommand.class})
public final class HydrantDemo implements Runnable {
  /** Exit code of a successful run: {@value}. */
  public static final int EXIT_OK = 0;

  /** Exit code when accepted events were not all delivered (or the TLS audit failed): {@value}. */
  public static final int EXIT_SHORTFALL = 1;

  /** Exit code of a configuration or TLS error: {@value}. */
  public static final int EXIT_CONFIG = 2;

  /** Exit code of an unexpected internal error: {@value}. */
  public static final int EXIT_INTERNAL = 3;

  private static final String DISABLED_ALGORITHMS = "jdk.tls.disabledAlgorithms";
  private static final Set<String> LEGACY_TLS = Set.of("TLSv1", "TLSv1.1");
  private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

  private HydrantDemo() {}

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the CLI with {@code args}, writing to {@code out} and {@code err}.
   *
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    allowLegacyTlsProbes();
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    CommandLine cli =
        new CommandLine(new HydrantDemo())
            .addSubcommand(new ProduceCommand(out, err))
            .addSubcommand(new CheckTlsCommand(out))
            .addSubcommand(new RoundtripCommand(out))
            .addSubcommand(new EmulatorCommand(out))
            .addSubcommand(new AuditCommand(out));
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (isConfigurationError(e)) {
            err.println("hydrant-demo: " + TlsProbe.message(e));
            return EXIT_CONFIG;
          }
          err.println("hydrant-demo: internal error: " + e);
          e.printStackTrace(err);
          return EXIT_INTERNAL;
        });
    return cli.execute(withDefaultSubcommand(args));
  }

  @Override
  public void run() {
    // only reached for the bare top-level flags handled by picocli (--help, --version)
  }

  private static boolean isConfigurationError(Exception e) {
    return e instanceof ConfigurationException
        || e instanceof HydrantException
        || e instanceof IllegalArgumentException
        || e instanceof IOException
        || e instanceof java.io.UncheckedIOException;
  }

  /** {@code produce} is the default: used when no subcommand is named. */
  static String[] withDefaultSubcommand(String[] args) {
    if (args.length > 0 && (!args[0].startsWith("-") || TOP_LEVEL_FLAGS.contains(args[0]))) {
      return args;
    }
    List<String> all = new ArrayList<>(args.length + 1);
    all.add("produce");
    all.addAll(Arrays.asList(args));
    return all.toArray(String[]::new);
  }

  /**
   * Removes TLS 1.0 and 1.1 from {@code jdk.tls.disabledAlgorithms} for this process, before any
   * JSSE use (JSSE reads the property once). Without it, {@code check-tls} could not offer the
   * legacy versions and so could not tell whether an endpoint still accepts them. Harmless for
   * Hydrant's own client: it enables only TLS 1.2 and 1.3 on its sockets whatever the JVM allows.
   */
  static void allowLegacyTlsProbes() {
    String current = Security.getProperty(DISABLED_ALGORITHMS);
    if (current == null) {
      return;
    }
    Security.setProperty(
        DISABLED_ALGORITHMS,
        Arrays.stream(current.split(","))
            .map(String::strip)
            .filter(a -> !a.isEmpty() && !LEGACY_TLS.contains(a))
            .collect(Collectors.joining(", ")));
  }
}
