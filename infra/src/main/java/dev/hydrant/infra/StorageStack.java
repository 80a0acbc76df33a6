package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.StorageSettings;
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
import software.constructs.Construct;

/**
 * The telemetry bucket, in its own stack so that the proxy can be torn down and redeployed without
 * touching stored data. Encrypted with SSE-S3, all public access blocked, ACLs disabled, and a
 * bucket policy that denies any request not made over TLS 1.2 or newer.
 */
public final class StorageStack extends Stack {

  private final Bucket bucket;

  /**
   * Defines the stack.
   *
   * @param scope the app
   * @param id construct id
   * @param props stack name and environment
   * @param settings bucket options
   */
  public StorageStack(Construct scope, String id, StackProps props, StorageSettings settings) {
    super(scope, id, props);
    requireNonNull(settings, "settings");
    this.bucket =
        Bucket.Builder.create(this, "TelemetryBucket")
            .bucketName(settings.bucketName())
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .versioned(settings.bucketVersioned())
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("abort-incomplete-uploads")
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
            .removalPolicy(
                settings.bucketRetainOnDelete() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
            .build();
    CfnOutput.Builder.create(this, "BucketName")
        .description("Bucket the delivery stream writes telemetry to")
        .value(bucket.getBucketName())
        .build();
  }

  /** The telemetry bucket. */
  public IBucket bucket() {
    return bucket;
  }
}
