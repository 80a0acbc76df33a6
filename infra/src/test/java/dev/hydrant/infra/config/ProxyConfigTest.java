package dev.hydrant.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyConfigTest {

  private static final String CERT =
      "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

  private static ProxyConfig read(Map<String, ?> extra) {
    Map<String, Object> context = new HashMap<>();
    context.put("domainName", "telemetry.example.com");
    context.put("certificateArn", CERT);
    context.putAll(extra);
    return ProxyConfig.fromContext(ContextValues.of(context));
  }

  private static String failure(Map<String, ?> extra) {
    return assertThrows(IllegalArgumentException.class, () -> read(extra)).getMessage();
  }

  @Test
  void defaultsArePinned() {
    ProxyConfig config = read(Map.of());
    assertEquals("hydrant-storage", config.storageStackName());
    assertEquals("hydrant-proxy", config.proxyStackName());
    assertEquals(new StorageSettings(null, false, true, 30, 0, 90), config.storage());
    assertEquals(new FirewallSettings(false, 30_000, 300), config.firewall());
    assertEquals(new MonitoringSettings(false, null, 900, 1, 5, 2000, 80), config.monitoring());
    assertEquals(
        new QuerySettings("hydrant", "events", "hydrant", 30, 1_000_000_000_000L), config.query());
    assertEquals(
        new DeliverySettings(
            "hydrant-telemetry",
            60,
            5,
            "telemetry/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/",
            "telemetry-errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
            false,
            RecordCompression.NONE,
            true),
        config.delivery());
    assertEquals(
        new ApiSettings(
            "hydrant-firehose-proxy",
            "v1",
            "fh",
            ResponseMapping.STRICT,
            1000,
            2000,
            1000,
            2000,
            null,
            QuotaPeriod.DAY,
            "hydrant-devices",
            ExecutionLogLevel.ERROR,
            30,
            true,
            null),
        config.api());
    assertEquals(
        new DomainSettings(
            "telemetry.example.com",
            CERT,
            "TLS_1_2",
            EndpointAccessMode.STRICT,
            null,
            null,
            null,
            null,
            null),
        config.domain());
    assertFalse(config.domain().enhancedSecurityPolicy());
    assertNull(config.domain().truststoreBucket());
  }

  @Test
  void cdkJsonTypesAreAcceptedAsWellAsCliStrings() {
    ProxyConfig config = read(Map.of("keyRateLimit", 25, "gzip", true, "bufferSizeMiB", "16"));
    assertEquals(25, config.api().keyRateLimit());
    assertTrue(config.delivery().gzip());
    assertEquals(16, config.delivery().bufferSizeMiB());
  }

  @Test
  void truststoreUriIsSplitIntoBucketAndKey() {
    DomainSettings domain = read(Map.of("truststoreUri", "s3://trust-bucket/a/b/ca.pem")).domain();
    assertEquals("trust-bucket", domain.truststoreBucket());
    assertEquals("a/b/ca.pem", domain.truststoreKey());
  }

  @Test
  void missingDomainNamesTheContextKeyToPass() {
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> ProxyConfig.fromContext(ContextValues.of(Map.of("certificateArn", CERT))))
            .getMessage();
    assertTrue(message.contains("context 'domainName' is required"), message);
    assertTrue(message.contains("-c domainName="), message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "securityPolicy|TLS_1_0|TLS 1.0 and 1.1 are refused",
        "securityPolicy|SecurityPolicy_TLS12_2018_EDGE|edge-optimized",
        "certificateArn|arn:aws:iam::123456789012:server-certificate/x|certificateArn must be an ACM",
        "domainName|Telemetry Example|domainName must be",
        "keyRateLimit|fast|context 'keyRateLimit' must be an integer, was 'fast'",
        "keyRateLimit|2000|keyRateLimit (2000) must not exceed stageRateLimit (1000)",
        "stageBurstLimit|1000001|context 'stageBurstLimit' must be in [0, 1000000], was 1000001",
        "fleetSize|0|context 'fleetSize' must be in [1, 100000000], was 0",
        "sendIntervalSeconds|0|context 'sendIntervalSeconds' must be in [1, 86400], was 0",
        "expirationDays|-1|context 'expirationDays' must be in [0, 36500], was -1",
        "wafRateLimit|9|context 'wafRateLimit' must be in [10, 2000000000], was 9",
        "wafWindowSeconds|90|wafWindowSeconds must be one of 60, 120, 300, 600, was 90",
        "waf|on|context 'waf' must be true or false, was 'on'",
        "alarmEmail|ops|alarmEmail must be an e-mail address, was 'ops'",
        "latencyAlarmMillis|29001|context 'latencyAlarmMillis' must be in [50, 29000], was 29001",
        "glueDatabase|Hydrant-DB|glueDatabase must match [a-z0-9_]{1,255}, was 'Hydrant-DB'",
        "athenaBytesScannedCutoff|1000|athenaBytesScannedCutoff must be at least 10000000, was 1000",
        "athenaBytesScannedCutoff|lots|context 'athenaBytesScannedCutoff' must be an integer",
        "gzip|yes|context 'gzip' must be true or false, was 'yes'",
        "responseMapping|LOOSE|context 'responseMapping' must be one of [STRICT, MASKED], was 'LOOSE'",
        "logRetentionDays|10|logRetentionDays must be one of the CloudWatch values",
        "streamName|a\"b|streamName must match",
        "errorOutputPrefix|errors/|errorOutputPrefix must contain !{firehose:error-output-type}",
        "prefix|/telemetry/|prefix must be 1-1024 characters not starting with '/'",
        "bufferIntervalSeconds|901|context 'bufferIntervalSeconds' must be in [0, 900], was 901",
        "bucketName|Upper_Case|bucketName must be 3-63",
        "truststoreUri|https://example.com/ca.pem|truststoreUri must look like s3://",
        "truststoreVersion|v1|truststoreVersion is set but truststoreUri is not",
        "hostedZoneId|Z123|hostedZoneId and hostedZoneName must be given together",
        "proxyStackName|hydrant-storage|must differ",
        "resourcePath|fh/batch|resourcePath must be one path segment",
        "quotaLimit|0|context 'quotaLimit' must be in [1, 2147483647], was 0",
        "compression|zstd|context 'compression' must be one of [NONE, GZIP], was 'zstd'",
        "minimumCompressionSize|10485761|context 'minimumCompressionSize' must be in [0, 10485760]",
        "minimumCompressionSize|-1|context 'minimumCompressionSize' must be in [0, 10485760]",
      })
  void badValuesFailNamingTheKeyAndTheValue(String key, String value, String expected) {
    String message = failure(Map.of(key, value));
    assertTrue(message.contains(expected), message);
  }

  @Test
  void gzipRecordsNameObjectsNdjsonGzAndRefuseFirehoseGzipOnTop() {
    DeliverySettings delivery = read(Map.of("compression", "gzip")).delivery();
    assertEquals(RecordCompression.GZIP, delivery.compression());
    assertEquals(".ndjson.gz", delivery.compression().fileExtension());
    assertEquals(null, RecordCompression.NONE.fileExtension());
    String message = failure(Map.of("compression", "gzip", "gzip", "true"));
    assertTrue(message.contains("gzip=true and compression=gzip cannot be combined"), message);
    assertEquals(0, read(Map.of("minimumCompressionSize", "0")).api().minimumCompressionSize());
  }

  @Test
  void fleetSizeAndSendIntervalSizeTheStageAndTheSharedKey() {
    ApiSettings api = read(Map.of("fleetSize", "1000000", "sendIntervalSeconds", "5")).api();
    assertEquals(400_000, api.stageRateLimit());
    assertEquals(400_000, api.stageBurstLimit());
    assertEquals(400_000, api.keyRateLimit());
    assertEquals(400_000, api.keyBurstLimit());
    assertEquals(1_000_000, ApiSettings.sizedRateLimit(100_000_000, 1), "capped at MAX_RATE");
    assertEquals(2, ApiSettings.sizedRateLimit(1, 86_400), "never below one request per second");
    ApiSettings explicit =
        read(Map.of("fleetSize", "1000000", "stageRateLimit", "50000", "keyRateLimit", "100"))
            .api();
    assertEquals(50_000, explicit.stageRateLimit());
    assertEquals(100, explicit.keyRateLimit());
  }

  @Test
  void anAlarmEmailImpliesTheTopic() {
    assertTrue(read(Map.of("alarmEmail", "ops@example.com")).monitoring().alarmTopic());
  }

  @Test
  void expirationMustFollowTheTransition() {
    String message = failure(Map.of("transitionDays", "30", "expirationDays", "30"));
    assertEquals(
        "expirationDays (30) must be greater than transitionDays (30) or 0 for never", message);
  }

  @Test
  void mutualTlsCannotBeCombinedWithAnEnhancedPolicy() {
    String message =
        failure(
            Map.of(
                "securityPolicy", "SecurityPolicy_TLS13_1_2_2021_06",
                "truststoreUri", "s3://trust-bucket/ca.pem"));
    assertTrue(message.contains("cannot be combined with the enhanced securityPolicy"), message);
  }

  @Test
  void enhancedPolicyTakesItsAccessMode() {
    DomainSettings domain =
        read(Map.of(
                "securityPolicy", "SecurityPolicy_TLS13_1_2_PQ_2025_09",
                "endpointAccessMode", "basic"))
            .domain();
    assertTrue(domain.enhancedSecurityPolicy());
    assertEquals(EndpointAccessMode.BASIC, domain.endpointAccessMode());
  }

  @Test
  void blankContextValuesCountAsAbsent() {
    assertEquals("hydrant-telemetry", read(Map.of("streamName", "  ")).delivery().streamName());
  }
}
