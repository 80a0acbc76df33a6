package dev.hydrant.infra.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The custom domain that is the proxy's only entry point (the default {@code execute-api} endpoint
 * is disabled).
 *
 * @param domainName context {@code domainName}, required, e.g. {@code telemetry.example.com}
 * @param certificateArn context {@code certificateArn}, required: an ACM certificate for the
 *     domain, in the stack's region
 * @param securityPolicy context {@code securityPolicy}, default {@value #DEFAULT_SECURITY_POLICY}
 *     (TLS 1.2 only); or an enhanced Regional policy name such as {@code
 *     SecurityPolicy_TLS13_1_3_2025_09} (TLS 1.3 only) or {@code SecurityPolicy_TLS13_1_2_2021_06}
 *     (TLS 1.3 and 1.2). {@code TLS_1_0} is refused: it accepts TLS 1.0 and 1.1.
 * @param endpointAccessMode context {@code endpointAccessMode}, used with enhanced policies only,
 *     default {@code STRICT}
 * @param basePath context {@code basePath}, the mapping's base path, or {@code null} for none
 *     (default: {@code https://<domain>/fh})
 * @param truststoreUri context {@code truststoreUri}, {@code s3://bucket/key} of a PEM bundle of
 *     client CA certificates to require mutual TLS, or {@code null} (default)
 * @param truststoreVersion context {@code truststoreVersion}, the S3 object version of the
 *     truststore, or {@code null} for the latest
 * @param hostedZoneId context {@code hostedZoneId}: with {@code hostedZoneName}, create an alias A
 *     record for the domain in that Route 53 zone; {@code null} (default) to manage DNS elsewhere
 * @param hostedZoneName context {@code hostedZoneName}, e.g. {@code example.com}
 */
public record DomainSettings(
    String domainName,
    String certificateArn,
    String securityPolicy,
    EndpointAccessMode endpointAccessMode,
    String basePath,
    String truststoreUri,
    String truststoreVersion,
    String hostedZoneId,
    String hostedZoneName) {

  /** Default of {@code securityPolicy}: the legacy policy that accepts TLS 1.2 only. */
  public static final String DEFAULT_SECURITY_POLICY = "TLS_1_2";

  private static final Pattern DOMAIN =
      Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
  private static final Pattern CERTIFICATE_ARN =
      Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/[A-Za-z0-9-]+");
  private static final Pattern ENHANCED_POLICY =
      Pattern.compile("SecurityPolicy_TLS1[23]_[A-Za-z0-9_]+");
  private static final Pattern BASE_PATH = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern S3_URI =
      Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");

  /** Validates the domain, certificate, policy and truststore. */
  public DomainSettings {
    requireNonNull(domainName, "domainName");
    requireNonNull(certificateArn, "certificateArn");
    requireNonNull(securityPolicy, "securityPolicy");
    requireNonNull(endpointAccessMode, "endpointAccessMode");
    if (!DOMAIN.matcher(domainName).matches()) {
      throw new IllegalArgumentException(
          "domainName must be a lower-case DNS name like telemetry.example.com, was '"
              + domainName
              + "'");
    }
    if (!CERTIFICATE_ARN.matcher(certificateArn).matches()) {
      throw new IllegalArgumentException(
          "certificateArn must be an ACM certificate ARN"
              + " (arn:aws:acm:<region>:<account>:certificate/<id>), was '"
              + certificateArn
              + "'");
    }
    if (!DEFAULT_SECURITY_POLICY.equals(securityPolicy)
        && !ENHANCED_POLICY.matcher(securityPolicy).matches()) {
      throw new IllegalArgumentException(
          "securityPolicy must be TLS_1_2 or an enhanced SecurityPolicy_TLS13_*/SecurityPolicy_TLS12_*"
              + " policy name (TLS 1.0 and 1.1 are refused), was '"
              + securityPolicy
              + "'");
    }
    if (securityPolicy.endsWith("_EDGE")) {
      throw new IllegalArgumentException(
          "securityPolicy '"
              + securityPolicy
              + "' is for edge-optimized domains; this domain is REGIONAL");
    }
    if (basePath != null && !BASE_PATH.matcher(basePath).matches()) {
      throw new IllegalArgumentException(
          "basePath must match " + BASE_PATH.pattern() + ", was '" + basePath + "'");
    }
    if (truststoreUri != null && !S3_URI.matcher(truststoreUri).matches()) {
      throw new IllegalArgumentException(
          "truststoreUri must look like s3://bucket/key.pem, was '" + truststoreUri + "'");
    }
    if (truststoreVersion != null && truststoreUri == null) {
      throw new IllegalArgumentException("truststoreVersion is set but truststoreUri is not");
    }
    if (truststoreUri != null && enhancedSecurityPolicy(securityPolicy)) {
      throw new IllegalArgumentException(
          "mutual TLS (truststoreUri) cannot be combined with the enhanced securityPolicy '"
              + securityPolicy
              + "'; use TLS_1_2");
    }
    if ((hostedZoneId == null) != (hostedZoneName == null)) {
      throw new IllegalArgumentException(
          "hostedZoneId and hostedZoneName must be given together, were '"
              + hostedZoneId
              + "' and '"
              + hostedZoneName
              + "'");
    }
  }

  private static boolean enhancedSecurityPolicy(String policy) {
    return policy.startsWith("SecurityPolicy_");
  }

  /** Whether {@link #securityPolicy()} is an enhanced policy, which needs an access mode. */
  public boolean enhancedSecurityPolicy() {
    return enhancedSecurityPolicy(securityPolicy);
  }

  /** The region in {@link #certificateArn()}; a REGIONAL domain needs it to be the stack's. */
  public String certificateRegion() {
    var matcher = CERTIFICATE_ARN.matcher(certificateArn);
    if (!matcher.matches()) {
      throw new IllegalStateException("validated in the constructor");
    }
    return matcher.group(1);
  }

  /** The truststore's bucket, or {@code null} without mutual TLS. */
  public String truststoreBucket() {
    return truststoreUri == null ? null : s3Part(1);
  }

  /** The truststore's object key, or {@code null} without mutual TLS. */
  public String truststoreKey() {
    return truststoreUri == null ? null : s3Part(2);
  }

  private String s3Part(int group) {
    var matcher = S3_URI.matcher(truststoreUri);
    if (!matcher.matches()) {
      throw new IllegalStateException("validated in the constructor");
    }
    return matcher.group(group);
  }

  /**
   * Reads the settings from context; {@code domainName} and {@code certificateArn} are required.
   */
  public static DomainSettings fromContext(ContextValues context) {
    String why = "the custom domain is the only entry point; the execute-api endpoint is disabled";
    return new DomainSettings(
        context.requiredString("domainName", why),
        context.requiredString("certificateArn", why),
        context.string("securityPolicy", DEFAULT_SECURITY_POLICY),
        context.enumValue(
            "endpointAccessMode", EndpointAccessMode.class, EndpointAccessMode.STRICT),
        context.optionalString("basePath"),
        context.optionalString("truststoreUri"),
        context.optionalString("truststoreVersion"),
        context.optionalString("hostedZoneId"),
        context.optionalString("hostedZoneName"));
  }
}
