package dev.hydrant.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awscdk.App;

/**
 * Reads {@code recommended-feature-flags.json} (what {@code cdk init} writes into a new project's
 * cdk.json) from the jsii bundle inside the aws-cdk-lib jar on the classpath, so the test notices
 * when a CDK upgrade brings new flags.
 */
final class RecommendedFlags {

  private static final String ENTRY = "package/recommended-feature-flags.json";

  private RecommendedFlags() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> ofAwsCdkLib() throws IOException {
    String version = App.class.getPackage().getImplementationVersion();
    String bundle = "/software/amazon/awscdk/aws-cdk-lib@" + version + ".jsii.tgz";
    try (InputStream raw = App.class.getResourceAsStream(bundle)) {
      if (raw == null) {
        throw new IOException("no jsii bundle " + bundle + " on the classpath");
      }
      byte[] json = tarEntry(new GZIPInputStream(raw, 1 << 16), ENTRY);
      return new ObjectMapper().readValue(json, Map.class);
    }
  }

  /** The content of {@code name} in a ustar stream (512-byte headers, size in octal). */
  private static byte[] tarEntry(InputStream tar, String name) throws IOException {
    byte[] header = new byte[512];
    while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
      String entry = field(header, 0, 100);
      String prefix = field(header, 345, 155);
      String path = prefix.isEmpty() ? entry : prefix + "/" + entry;
      long size = Long.parseLong(field(header, 124, 12).trim(), 8);
      long padded = (size + 511) / 512 * 512;
      if (path.equals(name)) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write(tar.readNBytes((int) size));
        return content.toByteArray();
      }
      tar.skipNBytes(padded);
    }
    throw new IOException(name + " not found in the aws-cdk-lib jsii bundle");
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
