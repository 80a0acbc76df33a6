package dev.hydrant.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Where the demo takes a secret (API key, key store password) from: a file named by an option, an
 * environment variable, or, discouraged, the command line itself. A value on the command line is
 * visible to every user of the machine ({@code ps}, {@code /proc/PID/cmdline}) and stays in shell
 * history, so using one prints a warning; files and the environment are private to the user.
 */
final class Secrets {
  private final UnaryOperator<String> environment;
  private final Consumer<String> warnings;

  /**
   * @param environment looks up an environment variable, null when unset
   * @param warnings receives one line per secret given on the command line
   */
  Secrets(UnaryOperator<String> environment, Consumer<String> warnings) {
    this.environment = environment;
    this.warnings = warnings;
  }

  /** Reads the process environment and warns on standard error. */
  static Secrets fromProcess() {
    return new Secrets(System::getenv, System.err::println);
  }

  /**
   * Resolves one secret: {@code fileOption}'s file if given, else {@code value} from the command
   * line (with a warning), else the environment variable {@code envName} (if not null), else null.
   *
   * @param option the command-line option, e.g. {@code --api-key}, for messages
   * @param value the option's value, or null
   * @param file the file given with {@code option + "-file"}, or null
   * @param envName the environment variable to fall back to, or null for none
   * @return the secret, or null if none was given
   * @throws ConfigurationException if both {@code option} and its file are given, or the file
   *     cannot be read or is empty; the message names the option and the file, never the secret
   */
  String resolve(String option, String value, Path file, String envName) {
    if (value != null && file != null) {
      throw new ConfigurationException("give " + option + " or " + option + "-file, not both");
    }
    if (file != null) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigurationException(
            option + "-file " + file + " cannot be read: " + e.getMessage(), e);
      }
      if (text.isEmpty()) {
        throw new ConfigurationException(option + "-file " + file + " is empty");
      }
      return text;
    }
    if (value != null) {
      warnings.accept(
          "hydrant-demo: warning: "
              + option
              + " on the command line is visible to other users (ps) and in shell history; use "
              + (envName == null ? "" : "$" + envName + " or ")
              + option
              + "-file instead");
      return value;
    }
    if (envName == null) {
      return null;
    }
    String env = environment.apply(envName);
    return env == null || env.isEmpty() ? null : env;
  }
}
