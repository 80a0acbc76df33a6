package dev.hydrant.infra;

import static dev.hydrant.infra.SynthesizedProxy.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code -c compression=gzip}: devices send gzip records; objects are named so readers decode. */
class GzipRecordsStackTest {

  private static SynthesizedProxy synth;

  @BeforeAll
  static void synthesize() {
    synth = SynthesizedProxy.with(Map.of("compression", "gzip"));
  }

  @Test
  void objectsAreNamedNdjsonGzAndFirehoseDoesNotCompressThemAgain() {
    JsonNode s3 =
        single(synth.proxyJson, "AWS::KinesisFirehose::DeliveryStream")
            .path("Properties")
            .path("ExtendedS3DestinationConfiguration");
    assertEquals(".ndjson.gz", s3.path("FileExtension").asText());
    assertEquals("UNCOMPRESSED", s3.path("CompressionFormat").asText());
  }

  @Test
  void synthesisStaysCleanOfFindingsAndWarnings() {
    assertEquals(List.of(), synth.nagFindings);
    assertEquals(List.of(), synth.warnings);
  }
}
