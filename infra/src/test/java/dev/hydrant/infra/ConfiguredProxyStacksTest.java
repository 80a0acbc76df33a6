package dev.hydrant.infra;

import static dev.hydrant.infra.SynthesizedProxy.json;
import static dev.hydrant.infra.SynthesizedProxy.named;
import static dev.hydrant.infra.SynthesizedProxy.single;
import static dev.hydrant.infra.SynthesizedProxy.singleId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
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
                Map.entry("minimumCompressionSize", "1024"),
                Map.entry("streamEncryption", "false"),
                Map.entry("responseMapping", "masked"),
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
                Map.entry("hostedZoneName", "example.com"),
                Map.entry("transitionDays", "7"),
                Map.entry("expirationDays", "400"),
                Map.entry("accessLogExpirationDays", "30"),
                Map.entry("waf", "true"),
                Map.entry("wafRateLimit", "5000"),
                Map.entry("wafWindowSeconds", "60"),
                Map.entry("alarmEmail", "ops@example.com"),
                Map.entry("freshnessAlarmSeconds", "600"),
                Map.entry("glueDatabase", "tv_telemetry"),
                Map.entry("glueTable", "tv_events"),
                Map.entry("athenaWorkGroup", "tv-analytics")));
  }

  @Test
  void awsSolutionsChecksFindNothingUnsuppressed() {
    assertEquals(List.of(), synth.nagFindings);
  }

  @Test
  void synthesisPrintsNoWarnings() {
    assertEquals(List.of(), synth.warnings);
  }

  @Test
  void stackNamesComeFromContext() {
    assertEquals("tv-telemetry-data", synth.config.storageStackName());
    assertEquals("tv-telemetry-proxy", synth.config.proxyStackName());
  }

  @ParameterizedTest
  @CsvSource({"PutRecord", "PutRecordBatch"})
  void maskedMappingProducesOnlyTheDefaultResponse(String operation) {
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
    assertTrue(s3.path("FileExtension").isMissingNode(), "Firehose names GZIP objects .gz itself");
    assertEquals(json("{\"IntervalInSeconds\":300,\"SizeInMBs\":64}"), s3.path("BufferingHints"));
  }

  @Test
  void minimumCompressionSizeLetsTheApiAcceptGzipBodies() {
    assertEquals(
        1024,
        single(synth.proxyJson, "AWS::ApiGateway::RestApi")
            .path("Properties")
            .path("MinimumCompressionSize")
            .asInt(-1));
  }

  @Test
  void bucketIsNamedVersionedAndDeletable() {
    JsonNode bucket = named(synth.storageJson, "AWS::S3::Bucket", "TelemetryBucket");
    assertEquals("tv-telemetry-archive", bucket.path("Properties").path("BucketName").asText());
    assertEquals(
        "Enabled",
        bucket.path("Properties").path("VersioningConfiguration").path("Status").asText());
    assertEquals("Delete", bucket.path("DeletionPolicy").asText());
    assertEquals(
        json(
            "{\"ExpirationInDays\":400,\"Id\":\"age-telemetry\","
                + "\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":400},"
                + "\"Status\":\"Enabled\",\"Transitions\":"
                + "[{\"StorageClass\":\"INTELLIGENT_TIERING\",\"TransitionInDays\":7}]}"),
        bucket.path("Properties").path("LifecycleConfiguration").path("Rules").get(1));
    assertEquals(
        30,
        named(synth.storageJson, "AWS::S3::Bucket", "AccessLogBucket")
            .path("Properties")
            .path("LifecycleConfiguration")
            .path("Rules")
            .get(0)
            .path("ExpirationInDays")
            .asInt());
  }

  @Test
  void alarmsNotifyAnEncryptedTlsOnlyTopicWithTheEmailSubscribed() {
    String topicId = singleId(synth.proxyJson, "AWS::SNS::Topic");
    JsonNode topic = synth.proxyJson.path("Resources").path(topicId).path("Properties");
    assertTrue(topic.path("KmsMasterKeyId").toString().contains("alias/aws/sns"), topic.toString());
    String policy = single(synth.proxyJson, "AWS::SNS::TopicPolicy").toString();
    assertTrue(policy.contains("aws:SecureTransport"), policy);
    JsonNode subscription = single(synth.proxyJson, "AWS::SNS::Subscription").path("Properties");
    assertEquals("email", subscription.path("Protocol").asText());
    assertEquals("ops@example.com", subscription.path("Endpoint").asText());
    Map<String, JsonNode> alarms = MonitoringTest.alarms(synth);
    assertEquals(10, alarms.size());
    for (JsonNode alarm : alarms.values()) {
      assertEquals(json("[{\"Ref\":\"" + topicId + "\"}]"), alarm.path("AlarmActions"));
      assertEquals(json("[{\"Ref\":\"" + topicId + "\"}]"), alarm.path("OKActions"));
    }
    assertEquals(
        600, alarms.get("hydrant-firehose-proxy-data-freshness").path("Threshold").asInt());
    // the stage limit in the alarm follows the configured stage limit
    assertTrue(
        alarms
            .get("hydrant-firehose-proxy-stage-throttle-near")
            .path("Metrics")
            .toString()
            .contains("count / 300 / 50 * 100"));
  }

  @Test
  void catalogNamesComeFromContext() {
    JsonNode table = single(synth.storageJson, "AWS::Glue::Table").path("Properties");
    assertEquals("tv_telemetry", table.path("DatabaseName").asText());
    assertEquals("tv_events", table.path("TableInput").path("Name").asText());
    assertEquals(
        "tv-analytics",
        single(synth.storageJson, "AWS::Athena::WorkGroup")
            .path("Properties")
            .path("Name")
            .asText());
    for (JsonNode query :
        SynthesizedProxy.resources(synth.storageJson, "AWS::Athena::NamedQuery").values()) {
      assertEquals("tv_telemetry", query.path("Properties").path("Database").asText());
    }
  }

  @Test
  void webAclWithReputationListAndPerIpRateRuleGuardsTheStage() {
    JsonNode acl = single(synth.proxyJson, "AWS::WAFv2::WebACL").path("Properties");
    assertEquals("REGIONAL", acl.path("Scope").asText());
    assertEquals(json("{\"Allow\":{}}"), acl.path("DefaultAction"));
    JsonNode reputation = acl.path("Rules").get(0);
    assertEquals("aws-ip-reputation-list", reputation.path("Name").asText());
    assertEquals(
        json(
            "{\"ManagedRuleGroupStatement\":{\"Name\":\"AWSManagedRulesAmazonIpReputationList\","
                + "\"VendorName\":\"AWS\"}}"),
        reputation.path("Statement"));
    assertEquals(json("{\"None\":{}}"), reputation.path("OverrideAction"));
    JsonNode rate = acl.path("Rules").get(1);
    assertEquals("rate-per-source-ip", rate.path("Name").asText());
    assertEquals(json("{\"Block\":{}}"), rate.path("Action"));
    assertEquals(
        json(
            "{\"RateBasedStatement\":{\"AggregateKeyType\":\"IP\",\"EvaluationWindowSec\":60,"
                + "\"Limit\":5000}}"),
        rate.path("Statement"));
    for (JsonNode rule : acl.path("Rules")) {
      assertTrue(rule.path("VisibilityConfig").path("CloudWatchMetricsEnabled").asBoolean());
    }

    String stageId = singleId(synth.proxyJson, "AWS::ApiGateway::Stage");
    String aclId = singleId(synth.proxyJson, "AWS::WAFv2::WebACL");
    JsonNode association =
        single(synth.proxyJson, "AWS::WAFv2::WebACLAssociation").path("Properties");
    assertEquals(
        json("{\"Fn::GetAtt\":[\"" + aclId + "\",\"Arn\"]}"), association.path("WebACLArn"));
    assertTrue(
        association.path("ResourceArn").toString().contains(stageId), association.toString());
  }
}
