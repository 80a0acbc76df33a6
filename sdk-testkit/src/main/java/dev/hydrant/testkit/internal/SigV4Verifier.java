package dev.hydrant.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-side AWS Signature Version 4 verification, written from the specification and checked
 * against AWS's published test suite, independently of the AWS SDK's signer: canonical request,
 * string to sign, signing key and signature, then the request time against a five-minute window.
 * Stateless and thread-safe; the caller supplies the secret for an access key id.
 *
 * <p>Canonical URI: the path as received, each byte outside RFC 3986's unreserved set and {@code /}
 * percent-encoded once more (the rule of every service but S3); canonical query: parameters sorted
 * by name then value, encoded the same way.
 */
public final class SigV4Verifier {
  /** The algorithm name in the Authorization header. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /** How far a request's {@code X-Amz-Date} may be from the server's time: 5 minutes. */
  public static final Duration WINDOW = Duration.ofMinutes(5);

  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final HexFormat HEX = HexFormat.of();

  /** A parsed {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
  public record Authorization(
      String accessKeyId,
      String date,
      String region,
      String service,
      List<String> signedHeaders,
      String signature) {}

  /** Why a request is refused, as API Gateway words it. */
  public record Refusal(String errorType, String message) {}

  private SigV4Verifier() {}

  /**
   * Parses the header.
   *
   * @return the parts, or {@code null} if the header is not a complete SigV4 authorization
   */
  public static Authorization parse(String header) {
    if (header == null || !header.startsWith(ALGORITHM + " ")) {
      return null;
    }
    Map<String, String> parts = new TreeMap<>();
    for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    String credential = parts.get("Credential");
    String signed = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (credential == null || signed == null || signature == null) {
      return null;
    }
    String[] scope = credential.split("/");
    if (scope.length != 5 || !scope[4].equals("aws4_request")) {
      return null;
    }
    return new Authorization(
        scope[0], scope[1], scope[2], scope[3], List.of(signed.split(";")), signature);
  }

  /**
   * The canonical request of SigV4.
   *
   * @param headers header values by lower-case name
   */
  public static String canonicalRequest(
      String method,
      String path,
      String query,
      Map<String, String> headers,
      List<String> signedHeaders,
      String payloadHash) {
    StringBuilder sb = new StringBuilder();
    sb.append(method).append('\n');
    sb.append(path.isEmpty() ? "/" : encode(path, false)).append('\n');
    sb.append(canonicalQuery(query)).append('\n');
    for (String name : signedHeaders) {
      String value = headers.get(name);
      sb.append(name)
          .append(':')
          .append(value == null ? "" : value.trim().replaceAll(" +", " "))
          .append('\n');
    }
    sb.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
    return sb.toString();
  }

  /** The string to sign for a canonical request. */
  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(bytes(canonicalRequest));
  }

  /** The hex signature of {@code stringToSign}. */
  public static String signature(
      String secret, String date, String region, String service, String stringToSign) {
    byte[] key = hmac(bytes("AWS4" + secret), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return HEX.formatHex(hmac(key, stringToSign));
  }

  /**
   * Verifies a request.
   *
   * @param secret the secret of {@code auth.accessKeyId()}
   * @param now the server's time
   * @return {@code null} when the signature is valid and current, else the refusal
   */
  public static Refusal verify(
      Authorization auth,
      String secret,
      String method,
      String path,
      String query,
      Map<String, String> headers,
      byte[] body,
      String expectedRegion,
      String expectedService,
      Instant now) {
    String amzDate = headers.get("x-amz-date");
    if (amzDate == null || !auth.signedHeaders().contains("host")) {
      return new Refusal(
          "IncompleteSignatureException",
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header"
              + " and signing of the 'Host' header.");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return new Refusal("IncompleteSignatureException", "Invalid X-Amz-Date: " + amzDate);
    }
    String scope = auth.date() + "/" + auth.region() + "/" + auth.service() + "/aws4_request";
    if (!auth.region().equals(expectedRegion) || !auth.service().equals(expectedService)) {
      return new Refusal(
          "InvalidSignatureException",
          "Credential should be scoped to a valid region and service: "
              + expectedRegion
              + "/"
              + expectedService
              + ", not "
              + auth.region()
              + "/"
              + auth.service()
              + ".");
    }
    String canonical =
        canonicalRequest(method, path, query, headers, auth.signedHeaders(), sha256Hex(body));
    String expected =
        signature(
            secret,
            auth.date(),
            auth.region(),
            auth.service(),
            stringToSign(amzDate, scope, canonical));
    if (!MessageDigest.isEqual(bytes(expected), bytes(auth.signature()))
        || !amzDate.startsWith(auth.date())) {
      return new Refusal(
          "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided. Check"
              + " your AWS Secret Access Key and signing method. Consult the service"
              + " documentation for details.");
    }
    if (signedAt.isBefore(now.minus(WINDOW))) {
      return new Refusal(
          "InvalidSignatureException",
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + AMZ_DATE.format(now.minus(WINDOW))
              + " ("
              + AMZ_DATE.format(now)
              + " - 5 min.)");
    }
    if (signedAt.isAfter(now.plus(WINDOW))) {
      return new Refusal(
          "InvalidSignatureException",
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + AMZ_DATE.format(now.plus(WINDOW))
              + " ("
              + AMZ_DATE.format(now)
              + " + 5 min.)");
    }
    return null;
  }

  static String canonicalQuery(String query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {encode(name, true), encode(value, true)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder sb = new StringBuilder();
    for (String[] p : pairs) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(p[0]).append('=').append(p[1]);
    }
    return sb.toString();
  }

  /** RFC 3986 percent-encoding of UTF-8 bytes; {@code /} is kept unless {@code slash}. */
  static String encode(String s, boolean slash) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes(s)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || (c == '/' && !slash)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX.withUpperCase().toHexDigits((byte) c));
      }
    }
    return sb.toString();
  }

  /** Lower-case hex SHA-256. */
  public static String sha256Hex(byte[] data) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(bytes(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from the JVM", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
