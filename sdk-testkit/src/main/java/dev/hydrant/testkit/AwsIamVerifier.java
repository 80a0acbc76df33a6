package dev.hydrant.testkit;

import dev.hydrant.testkit.internal.HttpRequest;
import dev.hydrant.testkit.internal.SigV4Verifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulated {@code AWS_IAM} authorization of the gateway: issues temporary credentials (what STS
 * would, behind the IoT credential provider) and verifies each request's SigV4 signature with the
 * testkit's own verifier, the session token and its expiry, answering like API Gateway does: 403
 * {@code Missing Authentication Token} without an Authorization header, {@code The security token
 * included in the request is invalid} for an unknown key or token, {@code ... is expired} after the
 * credentials' expiry, and the signature errors of {@link SigV4Verifier}. Thread-safe.
 */
public final class AwsIamVerifier {
  /** The region the emulator's stage lives in. */
  public static final String DEFAULT_REGION = "us-east-1";

  /**
   * Issued credentials. {@link #toString()} hides the secret and the token.
   *
   * @param accessKeyId the access key id, {@code ASIA...}, 20 characters
   * @param secretAccessKey the secret access key
   * @param sessionToken the session token requests must carry in {@code x-amz-security-token}
   * @param expiration when the credentials stop being accepted
   * @param thingName the thing they were issued to
   */
  public record IssuedCredentials(
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      Instant expiration,
      String thingName) {
    @Override
    public String toString() {
      return "IssuedCredentials{" + accessKeyId + ", expires " + expiration + "}";
    }
  }

  /**
   * What the gateway answers: {@code null} fields when the request is authorized.
   *
   * @param status the HTTP status of a refusal (403); 0 when the request is authorized
   * @param errorType the error type of a refusal, like {@code ExpiredTokenException}
   * @param message the message of a refusal
   */
  public record Decision(int status, String errorType, String message) {
    static final Decision ALLOW = new Decision(0, null, null);

    /** {@return whether the request is authorized} */
    public boolean allowed() {
      return status == 0;
    }
  }

  private final String region;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, IssuedCredentials> issued = new ConcurrentHashMap<>();
  private final AtomicLong verified = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  /** Region {@value #DEFAULT_REGION}, the system clock. */
  public AwsIamVerifier() {
    this(DEFAULT_REGION, Clock.systemUTC());
  }

  /**
   * A verifier for one region.
   *
   * @param region the stage's region, checked in each signature's credential scope
   * @param clock the server's time: signature window and credential expiry
   */
  public AwsIamVerifier(String region, Clock clock) {
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@return the stage's region, checked in each signature's credential scope} */
  public String region() {
    return region;
  }

  /** {@return the server's clock} */
  public Clock clock() {
    return clock;
  }

  /**
   * Issues credentials valid for {@code lifetime} from now.
   *
   * @param lifetime how long they are valid; the expiration is truncated to whole seconds
   * @param thingName the thing they are issued to
   * @return the credentials, which {@link #check} accepts until they expire
   */
  public IssuedCredentials issue(Duration lifetime, String thingName) {
    byte[] id = new byte[10];
    random.nextBytes(id);
    String accessKeyId =
        "ASIA" + Base64.getEncoder().encodeToString(id).replaceAll("[^A-Z0-9]", "7");
    IssuedCredentials c =
        new IssuedCredentials(
            accessKeyId.substring(0, Math.min(20, accessKeyId.length())),
            token(30),
            token(120),
            clock.instant().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            thingName);
    issued.put(c.accessKeyId(), c);
    return c;
  }

  /** {@return the number of requests whose signature, token and expiry were accepted} */
  public long verified() {
    return verified.get();
  }

  /** {@return the number of requests refused with a 403} */
  public long rejected() {
    return rejected.get();
  }

  /**
   * Checks one request and counts it in {@link #verified()} or {@link #rejected()}.
   *
   * @param request the request as the gateway received it
   * @return the gateway's answer
   */
  public Decision check(HttpRequest request) {
    Decision d = decide(request);
    (d.allowed() ? verified : rejected).incrementAndGet();
    return d;
  }

  private Decision decide(HttpRequest request) {
    String header = request.header("authorization");
    if (header == null) {
      return new Decision(
          403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    SigV4Verifier.Authorization auth = SigV4Verifier.parse(header);
    if (auth == null) {
      return new Decision(
          403,
          "IncompleteSignatureException",
          "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'"
              + " parameters.");
    }
    IssuedCredentials c = issued.get(auth.accessKeyId());
    String token = request.header("x-amz-security-token");
    if (c == null || token == null || !token.equals(c.sessionToken())) {
      return new Decision(
          403,
          "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }
    if (!auth.signedHeaders().contains("x-amz-security-token")) {
      return new Decision(
          403,
          "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided.");
    }
    Instant now = clock.instant();
    if (!now.isBefore(c.expiration())) {
      return new Decision(
          403, "ExpiredTokenException", "The security token included in the request is expired");
    }
    SigV4Verifier.Refusal refusal =
        SigV4Verifier.verify(
            auth,
            c.secretAccessKey(),
            request.method(),
            request.path(),
            request.query(),
            request.headers(),
            request.body(),
            region,
            "execute-api",
            now);
    return refusal == null
        ? Decision.ALLOW
        : new Decision(403, refusal.errorType(), refusal.message());
  }

  private String token(int chars) {
    byte[] b = new byte[chars];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b).substring(0, chars);
  }

  @Override
  public String toString() {
    return "AwsIamVerifier{region=" + region + ", issued=" + issued.size() + "}";
  }
}
