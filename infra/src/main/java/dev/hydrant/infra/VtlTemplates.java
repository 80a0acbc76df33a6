package dev.hydrant.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The API's request mapping templates, read from the testkit jar so that the deployed API and the
 * local emulator run the same bytes. Nothing is trimmed or normalised.
 */
public final class VtlTemplates {

  /** Classpath resource of the {@code PutRecord} template. */
  public static final String PUT_RECORD = "/dev/hydrant/testkit/vtl/put-record.vm";

  /** Classpath resource of the {@code PutRecordBatch} template. */
  public static final String PUT_RECORD_BATCH = "/dev/hydrant/testkit/vtl/put-record-batch.vm";

  private VtlTemplates() {}

  /**
   * Loads a template, decoding it as strict UTF-8.
   *
   * @param resource absolute classpath resource name, e.g. {@link #PUT_RECORD}
   * @return the template text, byte-for-byte the resource once encoded as UTF-8 again
   * @throws IllegalStateException when the resource is missing (testkit not on the classpath) or is
   *     not valid UTF-8
   */
  public static String load(String resource) {
    try (InputStream in = VtlTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "VTL template " + resource + " not found on the classpath (is hydrant-testkit there?)");
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(in.readAllBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("VTL template " + resource + " is not valid UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read VTL template " + resource, e);
    }
  }
}
