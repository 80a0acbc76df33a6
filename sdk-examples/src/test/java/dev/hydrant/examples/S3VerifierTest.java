package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3VerifierTest {
  @TempDir Path s3;

  private static String line(UUID id) {
    return "{\"event_id\":\"" + id + "\",\"event_type\":\"uptime\",\"seq\":1}\n";
  }

  @Test
  void countsVerifiedMissingDuplicatedAndUnexpectedAcrossObjects() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID c = UUID.randomUUID();
    UUID stranger = UUID.randomUUID();
    Path hour = Files.createDirectories(s3.resolve("2026/11/27/23"));
    // records are concatenated without a separator of their own; each event line ends in \n
    Files.writeString(
        hour.resolve("stb-telemetry-1-a"), line(a) + line(b) + line(a), StandardCharsets.UTF_8);
    Files.writeString(
        hour.resolve("stb-telemetry-1-b"),
        line(stranger) + "not json\n\n" + line(a),
        StandardCharsets.UTF_8);

    S3Verifier.Verification v = S3Verifier.verify(s3, List.of(a, b, c));

    assertEquals(new S3Verifier.Verification(2, 1, 2, 2, 2, 6), v);
  }

  @Test
  void readsTheEventIdHydrantWritesFirst() {
    UUID id = UUID.randomUUID();
    assertEquals(id, S3Verifier.eventId(line(id).strip()));
    assertNull(S3Verifier.eventId("{\"event_type\":\"uptime\"}"));
    assertNull(S3Verifier.eventId("{\"event_id\":\"not-a-uuid-but-thirty-six-chars-long!\"}"));
  }
}
