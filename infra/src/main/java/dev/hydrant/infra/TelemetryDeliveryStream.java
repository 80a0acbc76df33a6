package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.DeliverySettings;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * A Firehose DirectPut delivery stream to the telemetry bucket (L1 {@code CfnDeliveryStream}, no
 * alpha module), with time-partitioned prefixes, optional GZIP, server-side encryption and delivery
 * errors logged to CloudWatch. Its role may write to that bucket and that log stream only.
 */
public final class TelemetryDeliveryStream extends Construct {

  /** Name of the log stream Firehose writes S3 delivery errors to. */
  public static final String ERROR_LOG_STREAM = "S3Delivery";

  private final CfnDeliveryStream stream;

  /**
   * Defines the stream.
   *
   * @param scope parent construct
   * @param id construct id
   * @param bucket destination bucket
   * @param settings stream options
   * @param logRetentionDays retention of the delivery-error log group
   */
  public TelemetryDeliveryStream(
      Construct scope, String id, IBucket bucket, DeliverySettings settings, int logRetentionDays) {
    super(scope, id);
    requireNonNull(bucket, "bucket");
    requireNonNull(settings, "settings");

    LogGroup errors =
        LogGroup.Builder.create(this, "DeliveryErrors").removalPolicy(RemovalPolicy.RETAIN).build();
    ((CfnLogGroup) errors.getNode().getDefaultChild()).setRetentionInDays(logRetentionDays);
    LogStream errorStream =
        LogStream.Builder.create(this, "DeliveryErrorStream")
            .logGroup(errors)
            .logStreamName(ERROR_LOG_STREAM)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();

    Stack stack = Stack.of(this);
    PolicyDocument access =
        PolicyDocument.Builder.create()
            .statements(
                List.of(
                    PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .actions(
                            List.of(
                                "s3:AbortMultipartUpload",
                                "s3:GetBucketLocation",
                                "s3:GetObject",
                                "s3:ListBucket",
                                "s3:ListBucketMultipartUploads",
                                "s3:PutObject"))
                        .resources(List.of(bucket.getBucketArn(), bucket.arnForObjects("*")))
                        .build(),
                    PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .actions(List.of("logs:PutLogEvents"))
                        .resources(
                            List.of(
                                stack.formatArn(
                                    ArnComponents.builder()
                                        .service("logs")
                                        .resource("log-group")
                                        .resourceName(
                                            errors.getLogGroupName()
                                                + ":log-stream:"
                                                + ERROR_LOG_STREAM)
                                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                        .build())))
                        .build()))
            .build();
    Role role =
        Role.Builder.create(this, "DeliveryRole")
            .description("Lets Firehose write the telemetry stream to its bucket")
            .assumedBy(
                new ServicePrincipal("firehose.amazonaws.com")
                    .withConditions(
                        Map.of("StringEquals", Map.of("sts:ExternalId", stack.getAccount()))))
            .inlinePolicies(Map.of("DeliverToBucket", access))
            .build();

    NagRules.suppressMatching(
        role,
        "AwsSolutions-IAM5",
        "/^Resource::.*TelemetryBucket.*\\/\\*$/g",
        "Firehose names each object itself (prefix, date, random suffix), so the role needs the"
            + " objects of the one telemetry bucket; no other bucket, no delete.");
    CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty encryption =
        settings.streamEncryption()
            ? CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty.builder()
                .keyType("AWS_OWNED_CMK")
                .build()
            : null;
    this.stream =
        CfnDeliveryStream.Builder.create(this, "Stream")
            .deliveryStreamName(settings.streamName())
            .deliveryStreamType("DirectPut")
            .deliveryStreamEncryptionConfigurationInput(encryption)
            .extendedS3DestinationConfiguration(
                CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                    .bucketArn(bucket.getBucketArn())
                    .roleArn(role.getRoleArn())
                    .bufferingHints(
                        CfnDeliveryStream.BufferingHintsProperty.builder()
                            .intervalInSeconds(settings.bufferIntervalSeconds())
                            .sizeInMBs(settings.bufferSizeMiB())
                            .build())
                    .compressionFormat(settings.gzip() ? "GZIP" : "UNCOMPRESSED")
                    .fileExtension(settings.compression().fileExtension())
                    .prefix(settings.prefix())
                    .errorOutputPrefix(settings.errorOutputPrefix())
                    .cloudWatchLoggingOptions(
                        CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder()
                            .enabled(true)
                            .logGroupName(errors.getLogGroupName())
                            .logStreamName(errorStream.getLogStreamName())
                            .build())
                    .build())
            .build();
    if (!settings.streamEncryption()) {
      NagRules.suppress(
          stream,
          "AwsSolutions-KDF1",
          "Server-side encryption switched off by context streamEncryption=false; the data is"
              + " still TLS in transit and SSE-S3 at rest.");
    }
  }

  /** The stream's ARN (a CloudFormation token). */
  public String streamArn() {
    return stream.getAttrArn();
  }

  /** The stream's name (a CloudFormation token). */
  public String streamName() {
    return stream.getRef();
  }
}
