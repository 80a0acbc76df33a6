package dev.hydrant.infra;

import static dev.hydrant.infra.SynthesizedProxy.json;
import static dev.hydrant.infra.SynthesizedProxy.named;
import static dev.hydrant.infra.SynthesizedProxy.resources;
import static dev.hydrant.infra.SynthesizedProxy.single;
import static dev.hydrant.infra.SynthesizedProxy.singleId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Match;

/** The stacks as deployed with defaults (plus the two required domain values): the audit view. */
class DefaultProxyStacksTest {

  private static final Path TESTKIT_VTL =
      Path.of("..", "sdk-testkit", "src", "main", "resources", "dev", "hydrant", "testkit", "vtl");

  private static SynthesizedProxy synth;

  @BeforeAll
  static void synthesize() {
    synth = SynthesizedProxy.defaults();
  }

  @Test
  void awsSolutionsChecksFindNothingUnsuppressed() {
    assertEquals(List.of(), synth.nagFindings);
  }

  @Test
  void synthesisPrintsNoWarnings() {
    assertEquals(List.of(), synth.warnings);
  }

  @ParameterizedTest
  @CsvSource({"PutRecord, put-record.vm", "PutRecordBatch, put-record-batch.vm"})
  void requestTemplatesAreByteIdenticalToTheTestkitFiles(String operation, String file)
      throws IOException {
    JsonNode templates = synth.method(operation).path("Integration").path("RequestTemplates");
    assertEquals(List.of("application/json"), fieldNames(templates));
    byte[] deployed = templates.path("application/json").asText().getBytes(UTF_8);

    byte[] sourceFile = Files.readAllBytes(TESTKIT_VTL.resolve(file));
    byte[] classpath;
    try (InputStream in = getClass().getResourceAsStream("/dev/hydrant/testkit/vtl/" + file)) {
      assertNotNull(in, "testkit resource " + file);
      classpath = in.readAllBytes();
    }
    assertTrue(sourceFile.length > 50, "template file looks empty: " + file);
    assertArrayEquals(sourceFile, deployed, "deployed template vs testkit source " + file);
    assertArrayEquals(classpath, deployed, "deployed template vs testkit classpath " + file);
  }

  @ParameterizedTest
  @CsvSource({"PutRecord, fh", "PutRecordBatch, batch"})
  void bothRoutesAreFirehoseActionsWithNeverPassthroughAndJson11(String operation, String path) {
    JsonNode method = synth.method(operation);
    JsonNode integration = method.path("Integration");
    assertEquals("POST", method.path("HttpMethod").asText());
    assertEquals("AWS", integration.path("Type").asText());
    assertEquals("POST", integration.path("IntegrationHttpMethod").asText());
    assertEquals("NEVER", integration.path("PassthroughBehavior").asText());
    assertEquals(
        "'application/x-amz-json-1.1'",
        integration
            .path("RequestParameters")
            .path("integration.request.header.Content-Type")
            .asText());
    assertTrue(
        integration.path("Uri").toString().contains(":firehose:action/" + operation + "\""),
        integration.path("Uri").toString());
    String resourceId = method.path("ResourceId").path("Ref").asText();
    assertEquals(
        path,
        synth
            .proxyJson
            .path("Resources")
            .path(resourceId)
            .path("Properties")
            .path("PathPart")
            .asText());
  }

  @Test
  void onlyTheTwoPostMethodsExist() {
    synth.proxy.resourceCountIs("AWS::ApiGateway::Method", 2);
  }

  @ParameterizedTest
  @CsvSource({"PutRecord", "PutRecordBatch"})
  void strictMappingTurnsFirehose4xxAnd5xxInto400And500(String operation) {
    assertEquals(
        json(
            "[{\"SelectionPattern\":\"4\\\\d{2}\",\"StatusCode\":\"400\"},"
                + "{\"SelectionPattern\":\"5\\\\d{2}\",\"StatusCode\":\"500\"},"
                + "{\"StatusCode\":\"200\"}]"),
        synth.method(operation).path("Integration").path("IntegrationResponses"));
    List<String> methodStatuses = new ArrayList<>();
    synth
        .method(operation)
        .path("MethodResponses")
        .forEach(r -> methodStatuses.add(r.path("StatusCode").asText()));
    assertEquals(List.of("200", "400", "500"), methodStatuses);
  }

  @ParameterizedTest
  @CsvSource({"PutRecord", "PutRecordBatch"})
  void bothMethodsRequireAnApiKeyAndValidateTheBody(String operation) {
    JsonNode method = synth.method(operation);
    assertTrue(method.path("ApiKeyRequired").asBoolean(false), "ApiKeyRequired");
    assertEquals("NONE", method.path("AuthorizationType").asText());
    String validatorId = method.path("RequestValidatorId").path("Ref").asText();
    JsonNode validator = synth.proxyJson.path("Resources").path(validatorId).path("Properties");
    assertTrue(validator.path("ValidateRequestBody").asBoolean(false), "ValidateRequestBody");
    assertTrue(
        validator.path("ValidateRequestParameters").asBoolean(false), "ValidateRequestParameters");
    String modelId = method.path("RequestModels").path("application/json").path("Ref").asText();
    assertEquals(
        operation + "Request",
        synth.proxyJson.path("Resources").path(modelId).path("Properties").path("Name").asText());
  }

  @Test
  void modelsPinStreamNameAndBase64DataAndBatchSize() {
    JsonNode single = modelSchema("PutRecordRequest");
    assertEquals(json("[\"DeliveryStreamName\",\"Data\"]"), single.path("required"));
    JsonNode name = single.path("properties").path("DeliveryStreamName");
    assertEquals(RequestModels.STREAM_NAME_PATTERN, name.path("pattern").asText());
    assertEquals(64, name.path("maxLength").asInt());
    assertEquals(
        RequestModels.BASE64_PATTERN,
        single.path("properties").path("Data").path("pattern").asText());
    assertEquals(1_365_336, single.path("properties").path("Data").path("maxLength").asInt());

    JsonNode records = modelSchema("PutRecordBatchRequest").path("properties").path("Records");
    assertEquals("array", records.path("type").asText());
    assertEquals(1, records.path("minItems").asInt());
    assertEquals(500, records.path("maxItems").asInt());
    assertEquals(json("[\"Data\"]"), records.path("items").path("required"));
  }

  @Test
  void integrationRoleMayCallExactlyPutRecordAndPutRecordBatchOnTheOneStream() {
    String streamId = singleId(synth.proxyJson, "AWS::KinesisFirehose::DeliveryStream");
    String roleId =
        synth
            .method("PutRecord")
            .path("Integration")
            .path("Credentials")
            .path("Fn::GetAtt")
            .get(0)
            .asText();
    assertEquals(
        roleId,
        synth
            .method("PutRecordBatch")
            .path("Integration")
            .path("Credentials")
            .path("Fn::GetAtt")
            .get(0)
            .asText());
    JsonNode role = synth.proxyJson.path("Resources").path(roleId).path("Properties");

    assertEquals(
        json(
            "[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"}}]"),
        role.path("AssumeRolePolicyDocument").path("Statement"));
    assertTrue(role.path("ManagedPolicyArns").isMissingNode(), "no managed policies");
    assertEquals(1, role.path("Policies").size());
    assertEquals(
        json(
            "[{\"Action\":[\"firehose:PutRecord\",\"firehose:PutRecordBatch\"],\"Effect\":\"Allow\","
                + "\"Resource\":{\"Fn::GetAtt\":[\""
                + streamId
                + "\",\"Arn\"]}}]"),
        role.path("Policies").get(0).path("PolicyDocument").path("Statement"));
    assertTrue(
        resources(synth.proxyJson, "AWS::IAM::Policy").isEmpty(),
        "no separate IAM::Policy may add statements to any role");
  }

  @Test
  void noStatementAnywhereUsesTheSeedsWrongOrWildcardFirehoseActions() {
    String proxy = synth.proxyJson.toString();
    assertFalse(proxy.contains("firehose:PutRecords\""), "non-existent action firehose:PutRecords");
    assertFalse(proxy.contains("firehose:ListDeliveryStreams"), "ListDeliveryStreams");
    assertFalse(proxy.contains("firehose:*"), "firehose wildcard");
  }

  @Test
  void customDomainIsRegionalTls12AndTheExecuteApiEndpointIsDisabled() {
    JsonNode domain = single(synth.proxyJson, "AWS::ApiGateway::DomainName").path("Properties");
    assertEquals("TLS_1_2", domain.path("SecurityPolicy").asText());
    assertEquals("telemetry.example.com", domain.path("DomainName").asText());
    assertEquals(json("{\"Types\":[\"REGIONAL\"]}"), domain.path("EndpointConfiguration"));
    assertEquals(
        SynthesizedProxy.REQUIRED_CONTEXT.get("certificateArn"),
        domain.path("RegionalCertificateArn").asText());
    assertTrue(domain.path("MutualTlsAuthentication").isMissingNode(), "no mTLS by default");
    assertTrue(domain.path("EndpointAccessMode").isMissingNode(), "legacy policy has no mode");

    JsonNode api = single(synth.proxyJson, "AWS::ApiGateway::RestApi").path("Properties");
    assertTrue(api.path("DisableExecuteApiEndpoint").asBoolean(false), "DisableExecuteApiEndpoint");
    assertEquals(json("{\"Types\":[\"REGIONAL\"]}"), api.path("EndpointConfiguration"));
    assertEquals("HEADER", api.path("ApiKeySourceType").asText());

    JsonNode mapping =
        single(synth.proxyJson, "AWS::ApiGateway::BasePathMapping").path("Properties");
    assertTrue(mapping.path("BasePath").isMissingNode(), "no base path: https://<domain>/fh");
    assertEquals(
        singleId(synth.proxyJson, "AWS::ApiGateway::Stage"),
        mapping.path("Stage").path("Ref").asText());
  }

  @Test
  void stageLogsTlsVersionAndCipherSuiteAndNeverBodies() {
    JsonNode stage = single(synth.proxyJson, "AWS::ApiGateway::Stage").path("Properties");
    String format = stage.path("AccessLogSetting").path("Format").asText();
    for (String variable :
        List.of(
            "$context.tlsVersion",
            "$context.cipherSuite",
            "$context.requestId",
            "$context.identity.sourceIp",
            "$context.status",
            "$context.identity.apiKeyId")) {
      assertTrue(format.contains(variable), variable + " in " + format);
    }
    assertNotNull(json(format.replace("$context.error.messageString", "\"x\"")), "format is JSON");
    assertEquals(
        accessLogGroupId(),
        stage.path("AccessLogSetting").path("DestinationArn").path("Fn::GetAtt").get(0).asText());

    JsonNode settings = stage.path("MethodSettings");
    assertEquals(1, settings.size());
    JsonNode all = settings.get(0);
    assertEquals("/*", all.path("ResourcePath").asText());
    assertEquals("*", all.path("HttpMethod").asText());
    assertFalse(all.path("DataTraceEnabled").asBoolean(true), "data trace must be off");
    assertEquals("ERROR", all.path("LoggingLevel").asText());
    assertEquals(1000, all.path("ThrottlingRateLimit").asInt());
    assertEquals(2000, all.path("ThrottlingBurstLimit").asInt());
    assertEquals("v1", stage.path("StageName").asText());
  }

  @Test
  void usagePlanThrottlesEachKeyAndHoldsTheCreatedKey() {
    String apiId = singleId(synth.proxyJson, "AWS::ApiGateway::RestApi");
    String stageId = singleId(synth.proxyJson, "AWS::ApiGateway::Stage");
    JsonNode plan = single(synth.proxyJson, "AWS::ApiGateway::UsagePlan").path("Properties");
    // One key serves the whole fleet, so its limit is the stage's, not a per-device figure.
    assertEquals(json("{\"BurstLimit\":2000,\"RateLimit\":1000}"), plan.path("Throttle"));
    assertTrue(plan.path("Quota").isMissingNode(), "no quota by default");
    assertEquals(
        json(
            "[{\"ApiId\":{\"Ref\":\""
                + apiId
                + "\"},\"Stage\":{\"Ref\":\""
                + stageId
                + "\"},\"Throttle\":{}}]"),
        plan.path("ApiStages"));

    String keyId = singleId(synth.proxyJson, "AWS::ApiGateway::ApiKey");
    JsonNode planKey = single(synth.proxyJson, "AWS::ApiGateway::UsagePlanKey").path("Properties");
    assertEquals("API_KEY", planKey.path("KeyType").asText());
    assertEquals(keyId, planKey.path("KeyId").path("Ref").asText());
    JsonNode key = synth.proxyJson.path("Resources").path(keyId).path("Properties");
    assertEquals("hydrant-devices", key.path("Name").asText());
    assertTrue(
        key.path("Value").isMissingNode(), "the key value is generated, never in the template");
  }

  @Test
  void bucketIsEncryptedPrivateAndRefusesPlainHttp() {
    synth.storage.hasResourceProperties(
        "AWS::S3::Bucket",
        Map.of(
            "PublicAccessBlockConfiguration",
            Map.of(
                "BlockPublicAcls", true,
                "BlockPublicPolicy", true,
                "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true),
            "BucketEncryption",
            Match.objectLike(
                Map.of(
                    "ServerSideEncryptionConfiguration",
                    List.of(
                        Map.of(
                            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))))));
    JsonNode bucket = named(synth.storageJson, "AWS::S3::Bucket", "TelemetryBucket");
    assertEquals("Retain", bucket.path("DeletionPolicy").asText());
    assertTrue(bucket.path("Properties").path("VersioningConfiguration").isMissingNode());

    JsonNode statements =
        named(synth.storageJson, "AWS::S3::BucketPolicy", "TelemetryBucket")
            .path("Properties")
            .path("PolicyDocument")
            .path("Statement");
    boolean deniesInsecureTransport = false;
    boolean deniesOldTls = false;
    for (JsonNode statement : statements) {
      if (!"Deny".equals(statement.path("Effect").asText())) {
        continue;
      }
      deniesInsecureTransport |=
          "false"
              .equals(
                  statement.path("Condition").path("Bool").path("aws:SecureTransport").asText());
      deniesOldTls |=
          statement.path("Condition").path("NumericLessThan").path("s3:TlsVersion").asDouble()
              == 1.2;
    }
    assertTrue(deniesInsecureTransport, "enforceSSL deny statement: " + statements);
    assertTrue(deniesOldTls, "TLS < 1.2 deny statement: " + statements);
  }

  @Test
  void deliveryStreamIsDirectPutToTheBucketWithTimePartitionsAndEncryption() {
    JsonNode stream =
        single(synth.proxyJson, "AWS::KinesisFirehose::DeliveryStream").path("Properties");
    assertEquals("DirectPut", stream.path("DeliveryStreamType").asText());
    assertEquals("hydrant-telemetry", stream.path("DeliveryStreamName").asText());
    assertEquals(
        "AWS_OWNED_CMK",
        stream.path("DeliveryStreamEncryptionConfigurationInput").path("KeyType").asText());
    JsonNode s3 = stream.path("ExtendedS3DestinationConfiguration");
    assertEquals(
        "telemetry/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/",
        s3.path("Prefix").asText());
    assertTrue(s3.path("ErrorOutputPrefix").asText().contains("!{firehose:error-output-type}"));
    assertEquals("UNCOMPRESSED", s3.path("CompressionFormat").asText());
    assertTrue(s3.path("FileExtension").isMissingNode(), s3.toString());
    assertTrue(
        single(synth.proxyJson, "AWS::ApiGateway::RestApi")
            .path("Properties")
            .path("MinimumCompressionSize")
            .isMissingNode());
    assertEquals(json("{\"IntervalInSeconds\":60,\"SizeInMBs\":5}"), s3.path("BufferingHints"));
    assertTrue(
        s3.path("BucketARN").toString().contains("ImportValue"), "bucket from the storage stack");
    assertTrue(s3.path("CloudWatchLoggingOptions").path("Enabled").asBoolean(false));
  }

  @Test
  void deliveryRoleIsFirehoseOnlyAndCanNeitherDeleteNorReachOtherBuckets() {
    String roleId =
        single(synth.proxyJson, "AWS::KinesisFirehose::DeliveryStream")
            .path("Properties")
            .path("ExtendedS3DestinationConfiguration")
            .path("RoleARN")
            .path("Fn::GetAtt")
            .get(0)
            .asText();
    JsonNode role = synth.proxyJson.path("Resources").path(roleId).path("Properties");
    JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement");
    assertEquals(1, trust.size());
    assertEquals("firehose.amazonaws.com", trust.get(0).path("Principal").path("Service").asText());
    assertEquals(
        json("{\"Ref\":\"AWS::AccountId\"}"),
        trust.get(0).path("Condition").path("StringEquals").path("sts:ExternalId"));
    String policies = role.path("Policies").toString();
    assertFalse(policies.contains("s3:Delete"), policies);
    assertFalse(policies.contains("\"*\""), "no wildcard resource or action: " + policies);
    assertFalse(policies.contains("s3:*"), policies);
  }

  @Test
  void telemetryBucketLogsAccessToTheLogBucketAndAgesIntoIntelligentTiering() {
    JsonNode bucket =
        named(synth.storageJson, "AWS::S3::Bucket", "TelemetryBucket").path("Properties");
    String logBucketId = singleLogBucketId();
    assertEquals(
        json(
            "{\"DestinationBucketName\":{\"Ref\":\""
                + logBucketId
                + "\"},\"LogFilePrefix\":\"telemetry-bucket/\"}"),
        bucket.path("LoggingConfiguration"));
    assertEquals(
        json(
            "[{\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":7},"
                + "\"Id\":\"abort-incomplete-uploads\",\"Status\":\"Enabled\"},"
                + "{\"Id\":\"age-telemetry\",\"Status\":\"Enabled\",\"Transitions\":"
                + "[{\"StorageClass\":\"INTELLIGENT_TIERING\",\"TransitionInDays\":30}]}]"),
        bucket.path("LifecycleConfiguration").path("Rules"));

    JsonNode logBucket = synth.storageJson.path("Resources").path(logBucketId);
    assertEquals("Retain", logBucket.path("DeletionPolicy").asText());
    assertEquals(
        json("[{\"ExpirationInDays\":90,\"Id\":\"expire-access-logs\",\"Status\":\"Enabled\"}]"),
        logBucket.path("Properties").path("LifecycleConfiguration").path("Rules"));
    assertEquals(
        "AES256",
        logBucket
            .path("Properties")
            .path("BucketEncryption")
            .path("ServerSideEncryptionConfiguration")
            .get(0)
            .path("ServerSideEncryptionByDefault")
            .path("SSEAlgorithm")
            .asText());
    String logPolicy =
        named(synth.storageJson, "AWS::S3::BucketPolicy", "AccessLogBucket").toString();
    assertTrue(logPolicy.contains("logging.s3.amazonaws.com"), logPolicy);
    assertTrue(logPolicy.contains("aws:SecureTransport"), logPolicy);
  }

  @Test
  void noWebAclUnlessAskedFor() {
    synth.proxy.resourceCountIs("AWS::WAFv2::WebACL", 0);
    synth.proxy.resourceCountIs("AWS::WAFv2::WebACLAssociation", 0);
  }

  @Test
  void outputsNameOnlyTheCustomDomainNeverTheDisabledExecuteApiUrl() {
    assertEquals(
        List.of("ApiKeyId", "BatchEndpoint", "DeliveryStreamName", "DomainTarget", "Endpoint"),
        fieldNames(synth.proxyJson.path("Outputs")).stream().sorted().toList());
    assertFalse(
        synth.proxyJson.path("Outputs").toString().contains("execute-api"),
        synth.proxyJson.path("Outputs").toString());
  }

  @Test
  void outputsNameTheEndpointsOnTheCustomDomain() {
    assertEquals(
        "https://telemetry.example.com/fh",
        synth.proxyJson.path("Outputs").path("Endpoint").path("Value").asText());
    assertEquals(
        "https://telemetry.example.com/fh/batch",
        synth.proxyJson.path("Outputs").path("BatchEndpoint").path("Value").asText());
  }

  private static String singleLogBucketId() {
    List<String> ids = new ArrayList<>();
    for (String id : resources(synth.storageJson, "AWS::S3::Bucket").keySet()) {
      if (id.startsWith("AccessLogBucket")) {
        ids.add(id);
      }
    }
    assertEquals(1, ids.size(), "access-log buckets " + ids);
    return ids.get(0);
  }

  private String accessLogGroupId() {
    for (Map.Entry<String, JsonNode> group :
        resources(synth.proxyJson, "AWS::Logs::LogGroup").entrySet()) {
      if (group.getKey().contains("AccessLogs")) {
        assertEquals(30, group.getValue().path("Properties").path("RetentionInDays").asInt());
        return group.getKey();
      }
    }
    throw new AssertionError("no access log group");
  }

  private static JsonNode modelSchema(String name) {
    for (JsonNode model : resources(synth.proxyJson, "AWS::ApiGateway::Model").values()) {
      if (name.equals(model.path("Properties").path("Name").asText())) {
        return model.path("Properties").path("Schema");
      }
    }
    throw new AssertionError("no model " + name);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.properties().forEach(entry -> names.add(entry.getKey()));
    return names;
  }
}
