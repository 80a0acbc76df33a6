package dev.hydrant.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class LogCaptureTest {
  @RegisterExtension final LogCapture logs = new LogCapture();

  @Test
  void capturesWhatSlf4jSimplePrintsWithItsLevel() {
    LoggerFactory.getLogger("dev.hydrant.test").warn("disk {} is full", "/spool");
    LoggerFactory.getLogger("dev.hydrant.test").debug("not printed at the default level");

    assertEquals(1, logs.lines(LogCapture.at("WARN", "disk /spool is full")).size());
    assertEquals(0, logs.lines(LogCapture.at("DEBUG", "not printed")).size());
    assertEquals(0, logs.lines(LogCapture.at("ERROR", "disk /spool is full")).size());
  }
}
