package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.QuerySettings;
import dev.hydrant.infra.config.StorageSettings;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The telemetry bucket, in its own stack so that the proxy can be torn down and redeployed without
 * touching stored data. Encrypted with SSE-S3, all public access blocked, ACLs disabled, and a
 * bucket policy that denies any request not made over TLS 1.2 or newer. Its server access logs go
 * to a second bucket (same protections, logs expire); objects move to Intelligent-Tiering and
 * expire as {@link StorageSettings} says. The {@link TelemetryCatalog} makes the data queryable
 * with Athena.
 */
public final class StorageStack extends Stack {

  /** Key prefix of the telemetry bucket's server access logs in the access-log bucket. */
  public static final String ACCESS_LOG_PREFIX = "telemetry-bucket/";

  private final Bucket accessLogs;
  private final Bucket bucket;
  private final TelemetryCatalog catalog;

  /**
   * Defines the stack.
   *
   * @param scope the app
   * @param id construct id
   * @param props stack name and environment
   * @param settings bucket options
   * @param prefix the delivery stream's S3 prefix, which the Glue table reads
   * @param query Glue and Athena names
   */
  public StorageStack(
      Construct scope,
      String id,
      StackProps props,
      StorageSettings settings,
      String prefix,
      QuerySettings query) {
    super(scope, id, props);
    requireNonNull(settings, "settings");
    RemovalPolicy removal =
        settings.bucketRetainOnDelete() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.accessLogs =
        Bucket.Builder.create(this, "AccessLogBucket")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(settings.accessLogExpirationDays()))
                        .build()))
            .removalPolicy(removal)
            .build();
    NagRules.suppress(
        accessLogs,
        "AwsSolutions-S1",
        "This is the access-log target bucket; logging it into itself would log its own writes"
            + " forever.");
    this.bucket =
        Bucket.Builder.create(this, "TelemetryBucket")
            .bucketName(settings.bucketName())
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .versioned(settings.bucketVersioned())
            .serverAccessLogsBucket(accessLogs)
            .serverAccessLogsPrefix(ACCESS_LOG_PREFIX)
            .lifecycleRules(lifecycle(settings))
            .removalPolicy(removal)
            .build();
    this.catalog =
        new TelemetryCatalog(this, "Catalog", bucket, prefix, accessLogs, query, removal);
    CfnOutput.Builder.create(this, "AthenaWorkGroup")
        .description("Athena workgroup with the named telemetry queries")
        .value(query.workGroup())
        .build();
    CfnOutput.Builder.create(this, "BucketName")
        .description("Bucket the delivery stream writes telemetry to")
        .value(bucket.getBucketName())
        .build();
  }

  private static List<LifecycleRule> lifecycle(StorageSettings settings) {
    List<LifecycleRule> rules = new ArrayList<>();
    rules.add(
        LifecycleRule.builder()
            .id("abort-incomplete-uploads")
            .abortIncompleteMultipartUploadAfter(Duration.days(7))
            .build());
    if (settings.transitionDays() > 0 || settings.expirationDays() > 0) {
      LifecycleRule.Builder age = LifecycleRule.builder().id("age-telemetry");
      if (settings.transitionDays() > 0) {
        age.transitions(
            List.of(
                Transition.builder()
                    .storageClass(StorageClass.INTELLIGENT_TIERING)
                    .transitionAfter(Duration.days(settings.transitionDays()))
                    .build()));
      }
      if (settings.expirationDays() > 0) {
        age.expiration(Duration.days(settings.expirationDays()));
        if (settings.bucketVersioned()) {
          age.noncurrentVersionExpiration(Duration.days(settings.expirationDays()));
        }
      }
      rules.add(age.build());
    }
    return rules;
  }

  /** The bucket that receives the telemetry bucket's S3 server access logs. */
  public IBucket accessLogBucket() {
    return accessLogs;
  }

  /** The Glue database and table, Athena workgroup and named queries. */
  public TelemetryCatalog catalog() {
    return catalog;
  }

  /** The telemetry bucket. */
  public IBucket bucket() {
    return bucket;
  }
}
