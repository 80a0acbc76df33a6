package dev.hydrant.infra;

import static dev.hydrant.infra.SynthesizedProxy.json;
import static dev.hydrant.infra.SynthesizedProxy.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every option switched away from its default, through CDK context strings exactly as {@code cdk
 * deploy -c key=value} passes them.
 */
class ConfiguredProxyStacksTest {

  private static SynthesizedProxy synth;

  @BeforeAll
  static void synthesize() {
    synth =
        SynthesizedProxy.with(
            Map.ofEntries(
                Map.entry("storageStackName", "tv-telemetry-data"),
                Map.entry("proxyStackName", "tv-telemetry-proxy"),
                Map.entry("bucketName", "tv-telemetry-archive"),
                Map.entry("bucketVersioned", "true"),
                Map.entry("bucketRetainOnDelete", "false"),
                Map.entry("streamName", "firehose-proxy"),
                Map.entry("bufferIntervalSeconds", "300"),
                Map.entry("bufferSizeMiB", "64"),
                Map.entry("gzip", "true"),
                Map.entry("streamEncryption", "false"),
                Map.entry("responseMapping", "seed"),
                Map.entry("stageName", "prod"),
                Map.entry("stageRateLimit", "50"),
                Map.entry("stageBurstLimit", "80"),
                Map.entry("keyRateLimit", "10"),
                Map.entry("keyBurstLimit", "20"),
                Map.entry("quotaLimit", "100000"),
                Map.entry("quotaPeriod", "WEEK"),
                Map.entry("executionLogLevel", "OFF"),
                Map.entry("logRetentionDays", "90"),
                Map.entry("cloudWatchRole", "false"),
                Map.entry("securityPolicy", "SecurityPolicy_TLS13_1_3_2025_09"),
                Map.entry("basePath", "ingest"),
                Map.entry("hostedZoneId", "Z0123456789ABCDEFGHIJ"),
                Map.entry("hostedZoneName", "example.com")));
  }

  @Test
  void stackNamesComeFromContext() {
    assertEquals("tv-telemetry-data", synth.config.storageStackName());
    assertEquals("tv-telemetry-proxy", synth.config.proxyStackName());
  }

  @ParameterizedTest
  @CsvSource({"PutRecord", "PutRecordBatch"})
  void seedMappingProducesOnlyTheDefaultResponse(String operation) {
    assertEquals(
        json("[{\"StatusCode\":\"200\"}]"),
        synth.method(operation).path("Integration").path("IntegrationResponses"));
    assertTrue(synth.method(operation).path("ApiKeyRequired").asBoolean(false));
  }

  @Test
  void enhancedPolicyIsSetOnTheDomainWithStrictAccessMode() {
    JsonNode domain = single(synth.proxyJson, "AWS::ApiGateway::DomainName").path("Properties");
    assertEquals("SecurityPolicy_TLS13_1_3_2025_09", domain.path("SecurityPolicy").asText());
    assertEquals("STRICT", domain.path("EndpointAccessMode").asText());
    assertTrue(
        single(synth.proxyJson, "AWS::ApiGateway::RestApi")
            .path("Properties")
            .path("DisableExecuteApiEndpoint")
            .asBoolean(false));
  }

  @Test
  void basePathAndAliasRecordFollowTheDomain() {
    assertEquals(
        "ingest",
        single(synth.proxyJson, "AWS::ApiGateway::BasePathMapping")
            .path("Properties")
            .path("BasePath")
            .asText());
    JsonNode record = single(synth.proxyJson, "AWS::Route53::RecordSet").path("Properties");
    assertEquals("A", record.path("Type").asText());
    assertEquals("telemetry.example.com.", record.path("Name").asText());
    assertEquals("Z0123456789ABCDEFGHIJ", record.path("HostedZoneId").asText());
    assertTrue(
        record.path("AliasTarget").path("DNSName").toString().contains("RegionalDomainName"));
    assertEquals(
        "https://telemetry.example.com/ingest/fh",
        synth.proxyJson.path("Outputs").path("Endpoint").path("Value").asText());
  }

  @Test
  void stageAndUsagePlanCarryTheConfiguredLimitsAndQuota() {
    JsonNode stage = single(synth.proxyJson, "AWS::ApiGateway::Stage").path("Properties");
    assertEquals("prod", stage.path("StageName").asText());
    JsonNode all = stage.path("MethodSettings").get(0);
    assertEquals(50, all.path("ThrottlingRateLimit").asInt());
    assertEquals(80, all.path("ThrottlingBurstLimit").asInt());
    assertEquals("OFF", all.path("LoggingLevel").asText());
    assertEquals(false, all.path("DataTraceEnabled").asBoolean(true));

    JsonNode plan = single(synth.proxyJson, "AWS::ApiGateway::UsagePlan").path("Properties");
    assertEquals(json("{\"BurstLimit\":20,\"RateLimit\":10}"), plan.path("Throttle"));
    assertEquals(json("{\"Limit\":100000,\"Period\":\"WEEK\"}"), plan.path("Quota"));
    synth.proxy.resourceCountIs("AWS::ApiGateway::Account", 0);
  }

  @Test
  void deliveryStreamHonoursNameBufferingAndGzip() {
    JsonNode stream =
        single(synth.proxyJson, "AWS::KinesisFirehose::DeliveryStream").path("Properties");
    assertEquals("firehose-proxy", stream.path("DeliveryStreamName").asText());
    assertTrue(stream.path("DeliveryStreamEncryptionConfigurationInput").isMissingNode());
    JsonNode s3 = stream.path("ExtendedS3DestinationConfiguration");
    assertEquals("GZIP", s3.path("CompressionFormat").asText());
    assertEquals(json("{\"IntervalInSeconds\":300,\"SizeInMBs\":64}"), s3.path("BufferingHints"));
  }

  @Test
  void bucketIsNamedVersionedAndDeletable() {
    JsonNode bucket = single(synth.storageJson, "AWS::S3::Bucket");
    assertEquals("tv-telemetry-archive", bucket.path("Properties").path("BucketName").asText());
    assertEquals(
        "Enabled",
        bucket.path("Properties").path("VersioningConfiguration").path("Status").asText());
    assertEquals("Delete", bucket.path("DeletionPolicy").asText());
  }
}
