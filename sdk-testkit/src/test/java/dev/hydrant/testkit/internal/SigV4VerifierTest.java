package dev.hydrant.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The emulator's SigV4 verifier against AWS's published Signature Version 4 test suite
 * (aws-sig-v4-test-suite: credentials {@code AKIDEXAMPLE}, 2015-08-30T12:36:00Z, us-east-1, service
 * {@code service}, host {@code example.amazonaws.com}, signed headers {@code host;x-amz-date}).
 */
class SigV4VerifierTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String DATE = "20150830T123600Z";
  private static final String SCOPE = "20150830/us-east-1/service/aws4_request";
  private static final Map<String, String> HEADERS =
      Map.of("host", "example.amazonaws.com", "x-amz-date", DATE);
  private static final String EMPTY_HASH =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "get-vanilla, GET, /, '', 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    "post-vanilla, POST, /, '', 5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    "get-vanilla-query-order-key-case, GET, /, Param2=value2&Param1=value1,"
        + " b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    "get-vanilla-empty-query-key, GET, /, Param1=value1,"
        + " a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
    "post-vanilla-query, POST, /, Param1=value1,"
        + " 28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
    "get-utf8, GET, /\u1234, '', 8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
    "get-space, GET, /example space/, '',"
        + " 652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
  })
  void signsThePublishedTestVectors(
      String name, String method, String path, String query, String expected) {
    String canonical =
        SigV4Verifier.canonicalRequest(
            method, path, query, HEADERS, List.of("host", "x-amz-date"), EMPTY_HASH);
    String signature =
        SigV4Verifier.signature(
            SECRET,
            "20150830",
            "us-east-1",
            "service",
            SigV4Verifier.stringToSign(DATE, SCOPE, canonical));
    assertEquals(expected, signature, name);
  }

  @Test
  void buildsThePublishedCanonicalRequestAndStringToSignOfPostVanilla() {
    String canonical =
        SigV4Verifier.canonicalRequest(
            "POST", "/", "", HEADERS, List.of("host", "x-amz-date"), EMPTY_HASH);
    assertEquals(
        "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + EMPTY_HASH,
        canonical);
    assertEquals(
        "AWS4-HMAC-SHA256\n20150830T123600Z\n"
            + SCOPE
            + "\n553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
        SigV4Verifier.stringToSign(DATE, SCOPE, canonical));
  }

  @Test
  void verifiesAPublishedAuthorizationHeaderAndRefusesATamperedOne() {
    String header =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"
            + SCOPE
            + ", SignedHeaders=host;x-amz-date,"
            + " Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b";
    SigV4Verifier.Authorization auth = SigV4Verifier.parse(header);
    assertNotNull(auth);
    Instant signedAt = Instant.parse("2015-08-30T12:36:00Z");
    assertNull(verify(auth, "", signedAt.plusSeconds(60)));

    SigV4Verifier.Refusal body = verify(auth, "x", signedAt);
    assertEquals("InvalidSignatureException", body.errorType());
    assertTrue(body.message().startsWith("The request signature we calculated does not match"));

    SigV4Verifier.Refusal late = verify(auth, "", signedAt.plusSeconds(301));
    assertEquals(
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z"
            + " (20150830T124101Z - 5 min.)",
        late.message());
    SigV4Verifier.Refusal early = verify(auth, "", signedAt.minusSeconds(301));
    assertTrue(early.message().startsWith("Signature not yet current: 20150830T123600Z"));
  }

  @Test
  void refusesASignatureScopedToAnotherRegionOrService() {
    SigV4Verifier.Authorization auth =
        SigV4Verifier.parse(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=00");
    SigV4Verifier.Refusal r = verify(auth, "", Instant.parse("2015-08-30T12:36:00Z"));
    assertTrue(r.message().contains("us-east-1/service, not eu-west-1/service"), r.message());
  }

  @Test
  void parsesOnlyCompleteAuthorizationHeaders() {
    assertNull(SigV4Verifier.parse(null));
    assertNull(SigV4Verifier.parse("Bearer abc"));
    assertNull(SigV4Verifier.parse("AWS4-HMAC-SHA256 Credential=AKID/20150830/r/s/aws4_request"));
    assertNull(
        SigV4Verifier.parse(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/r/s, SignedHeaders=host, Signature=00"));
  }

  private static SigV4Verifier.Refusal verify(
      SigV4Verifier.Authorization auth, String body, Instant now) {
    return SigV4Verifier.verify(
        auth,
        SECRET,
        "POST",
        "/",
        "",
        HEADERS,
        body.getBytes(StandardCharsets.UTF_8),
        "us-east-1",
        "service",
        now);
  }
}
