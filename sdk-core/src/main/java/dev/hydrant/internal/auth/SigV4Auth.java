package dev.hydrant.internal.auth;

import dev.hydrant.FailureReason;
import dev.hydrant.auth.AwsCredentials;
import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.internal.transport.Attempt;
import dev.hydrant.internal.transport.Attempt.Response;
import dev.hydrant.internal.transport.RequestAuth;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs each attempt with the AWS SDK's own SigV4 signer ({@link AwsV4HttpSigner}, service {@value
 * AwsIamAuth#SERVICE}) over the exact body bytes of that attempt, at the {@link
 * ClockSkew#corrected() corrected} time: a retry is signed again with a fresh date.
 *
 * <p>Without credentials the attempt is not made and {@link #ready()} is false, so events wait;
 * while the credentials endpoint refuses the device the attempt ends {@code FATAL} with {@link
 * FailureReason#CREDENTIALS_REFUSED} without being sent. API Gateway's 403 answers are reviewed: an
 * expired security token drops the credentials and is retried, a signature outside the time window
 * (device clock off) is retried once the {@code Date} header corrected the clock; a signature
 * mismatch or an IAM denial stays {@link FailureReason#FORBIDDEN}, with a detail that says so.
 * Thread-safe.
 */
public final class SigV4Auth implements RequestAuth {
  static final String TOKEN_EXPIRED = "security token included in the request is expired";
  static final String SIGNATURE_EXPIRED = "Signature expired";
  static final String SIGNATURE_NOT_YET_CURRENT = "Signature not yet current";
  static final String SIGNATURE_MISMATCH = "signature we calculated does not match";

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final CredentialsCache cache;
  private final ClockSkew skew;
  private final String region;

  /**
   * Signs with credentials from {@code cache}.
   *
   * @param cache the credentials (this object does not start it)
   * @param skew the clock to sign with, corrected by the answers' {@code Date} headers
   * @param region the signing region
   */
  public SigV4Auth(CredentialsCache cache, ClockSkew skew, String region) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.skew = Objects.requireNonNull(skew, "skew");
    this.region = Objects.requireNonNull(region, "region");
  }

  @Override
  public Authorized authorize(SdkHttpFullRequest request, ContentStreamProvider body) {
    AwsCredentials credentials = cache.current();
    if (credentials == null) {
      String refusal = cache.refusal();
      return new Authorized(
          null,
          refusal != null
              ? Attempt.fatal(Response.NONE, FailureReason.CREDENTIALS_REFUSED, refusal)
              : Attempt.retry(
                  Response.NONE,
                  FailureReason.RETRIES_EXHAUSTED,
                  "no AWS credentials yet (the credentials provider has not answered)",
                  null));
    }
    AwsCredentialsIdentity identity =
        credentials.sessionToken().isPresent()
            ? AwsSessionCredentialsIdentity.create(
                credentials.accessKeyId(),
                credentials.secretAccessKey(),
                credentials.sessionToken().get())
            : AwsCredentialsIdentity.create(
                credentials.accessKeyId(), credentials.secretAccessKey());
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(identity)
                    .request(request)
                    .payload(body)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, AwsIamAuth.SERVICE)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, skew.corrected()));
    return new Authorized(signed.request(), null);
  }

  @Override
  public Attempt review(Attempt attempt, Function<String, String> header) {
    skew.observe(header.apply("Date"), skew.device().millis());
    // A 403 that is not API Gateway's Forbidden (Missing Authentication Token: no such route)
    // keeps its own classification.
    if (attempt.statusCode() != 403
        || attempt.reason() != FailureReason.FORBIDDEN
        || attempt.detail() == null) {
      return attempt;
    }
    String detail = attempt.detail().replace(" (check the API key)", "");
    if (detail.contains(TOKEN_EXPIRED)) {
      cache.tokenExpired();
      return Attempt.retry(
              attempt.response(),
              FailureReason.RETRIES_EXHAUSTED,
              "403: the security token expired; fetching new credentials",
              null)
          .withRequestBytes(attempt.requestBytes());
    }
    if (detail.contains(SIGNATURE_EXPIRED) || detail.contains(SIGNATURE_NOT_YET_CURRENT)) {
      return Attempt.retry(
              attempt.response(),
              FailureReason.RETRIES_EXHAUSTED,
              "403: the signature is outside the proxy's time window (device clock "
                  + ClockSkew.describe(skew.offsetMillis())
                  + " as learnt from the Date header); re-signing: "
                  + detail,
              null)
          .withRequestBytes(attempt.requestBytes());
    }
    if (detail.contains(SIGNATURE_MISMATCH)) {
      return Attempt.fatal(
              attempt.response(),
              FailureReason.FORBIDDEN,
              "403: API Gateway rejected the SigV4 signature (check the signing region "
                  + region
                  + ")")
          .withRequestBytes(attempt.requestBytes());
    }
    return Attempt.fatal(
            attempt.response(),
            FailureReason.FORBIDDEN,
            detail + " (check the IAM policy of the role the credentials belong to)")
        .withRequestBytes(attempt.requestBytes());
  }

  @Override
  public boolean ready() {
    return cache.current() != null || cache.refusal() != null;
  }

  @Override
  public Unavailable unavailable() {
    String cause = cache.lastFailure();
    return cache.current() != null || cause == null
        ? null
        : new Unavailable(cache.failures(), "signing credentials unavailable: " + cause);
  }

  @Override
  public void onReadyChange(Runnable listener) {
    cache.onChange(listener);
  }

  @Override
  public void close() {
    cache.close();
  }

  @Override
  public String toString() {
    return "SigV4Auth{region=" + region + ", " + cache + "}";
  }
}
