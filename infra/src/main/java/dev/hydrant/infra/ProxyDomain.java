package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.DomainSettings;
import software.amazon.awscdk.services.apigateway.BasePathMappingOptions;
import software.amazon.awscdk.services.apigateway.CfnDomainName;
import software.amazon.awscdk.services.apigateway.DomainName;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.MTLSConfig;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.SecurityPolicy;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.ApiGatewayDomain;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The REGIONAL custom domain in front of the API: TLS 1.2 only by default ({@code TLS_1_2}), or an
 * enhanced {@code SecurityPolicy_*} policy with its endpoint access mode set on the L1 resource
 * (the L2 {@code SecurityPolicy} enum of this CDK version knows only the legacy policies); optional
 * mutual TLS; base-path mapping to the API's stage; optional Route 53 alias record.
 */
public final class ProxyDomain extends Construct {

  private final DomainName domain;

  /**
   * Defines the domain and maps it to the API's deployment stage.
   *
   * @param scope parent construct
   * @param id construct id
   * @param api the API to map
   * @param settings domain options
   */
  public ProxyDomain(Construct scope, String id, RestApi api, DomainSettings settings) {
    super(scope, id);
    requireNonNull(api, "api");
    requireNonNull(settings, "settings");

    DomainName.Builder builder =
        DomainName.Builder.create(this, "Domain")
            .domainName(settings.domainName())
            .certificate(
                Certificate.fromCertificateArn(this, "Certificate", settings.certificateArn()))
            .endpointType(EndpointType.REGIONAL)
            .securityPolicy(SecurityPolicy.TLS_1_2);
    if (settings.truststoreUri() != null) {
      builder.mtls(
          MTLSConfig.builder()
              .bucket(Bucket.fromBucketName(this, "Truststore", settings.truststoreBucket()))
              .key(settings.truststoreKey())
              .version(settings.truststoreVersion())
              .build());
    }
    this.domain = builder.build();
    if (settings.enhancedSecurityPolicy()) {
      CfnDomainName cfn = (CfnDomainName) domain.getNode().getDefaultChild();
      cfn.setSecurityPolicy(settings.securityPolicy());
      cfn.setEndpointAccessMode(settings.endpointAccessMode().name());
    }

    BasePathMappingOptions.Builder mapping =
        BasePathMappingOptions.builder().stage(api.getDeploymentStage());
    if (settings.basePath() != null) {
      mapping.basePath(settings.basePath());
    }
    domain.addBasePathMapping(api, mapping.build());

    if (settings.hostedZoneId() != null) {
      ARecord.Builder.create(this, "Alias")
          .zone(
              HostedZone.fromHostedZoneAttributes(
                  this,
                  "Zone",
                  HostedZoneAttributes.builder()
                      .hostedZoneId(settings.hostedZoneId())
                      .zoneName(settings.hostedZoneName())
                      .build()))
          .recordName(settings.domainName() + ".")
          .target(RecordTarget.fromAlias(new ApiGatewayDomain(domain)))
          .build();
    }
  }

  /** The regional host name DNS must point at (CNAME or alias), a CloudFormation token. */
  public String regionalTarget() {
    return domain.getDomainNameAliasDomainName();
  }
}
