package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.ProxyConfig;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The proxy: delivery stream, REST API with its key and usage plan, custom domain, optional WAF,
 * alarms and dashboard, roles and logs. Everything here can be destroyed and redeployed; the data
 * lives in {@link StorageStack}.
 */
public final class ProxyStack extends Stack {

  private final TelemetryDeliveryStream delivery;
  private final FirehoseProxyApi api;
  private final ProxyDomain domain;
  private final ProxyFirewall firewall;
  private final ProxyMonitoring monitoring;

  /**
   * Defines the stack.
   *
   * @param scope the app
   * @param id construct id
   * @param props stack name and environment
   * @param bucket the telemetry bucket from the storage stack
   * @param config the full configuration
   */
  public ProxyStack(
      Construct scope, String id, StackProps props, IBucket bucket, ProxyConfig config) {
    super(scope, id, props);
    requireNonNull(config, "config");
    this.delivery =
        new TelemetryDeliveryStream(
            this, "Delivery", bucket, config.delivery(), config.api().logRetentionDays());
    this.api =
        new FirehoseProxyApi(
            this, "Proxy", delivery.streamArn(), config.api(), config.deviceAuth());
    this.domain = new ProxyDomain(this, "CustomDomain", api.api(), config.domain());
    if (config.firewall().enabled()) {
      this.firewall =
          new ProxyFirewall(
              this,
              "Firewall",
              api.api().getDeploymentStage(),
              config.api().apiName() + "-waf",
              config.firewall());
    } else {
      this.firewall = null;
      NagRules.suppress(
          api.api().getDeploymentStage(),
          "AwsSolutions-APIG3",
          "WAF switched off (context waf=false, the default): the web ACL's fees are per month and"
              + " per request; the API key, usage plan and stage throttle still apply.");
    }

    this.monitoring =
        new ProxyMonitoring(
            this,
            "Monitoring",
            new ProxyMonitoring.MonitoredNames(
                config.api().apiName(),
                config.api().stageName(),
                config.delivery().streamName(),
                config.api().stageRateLimit()),
            config.monitoring());

    String base =
        "https://"
            + config.domain().domainName()
            + (config.domain().basePath() == null ? "" : "/" + config.domain().basePath());
    output("Endpoint", "Single-record route (PutRecord)", base + "/" + config.api().resourcePath());
    output(
        "BatchEndpoint",
        "Batch route (PutRecordBatch)",
        base + "/" + config.api().resourcePath() + "/batch");
    output("DomainTarget", "Point the domain's DNS (CNAME or alias) here", domain.regionalTarget());
    output(
        "ApiKeyId",
        "aws apigateway get-api-key --include-value --api-key <id>",
        api.apiKey().getKeyId());
    output(
        "DeliveryStreamName",
        "Firehose stream clients name in DeliveryStreamName",
        delivery.streamName());
  }

  private void output(String id, String description, String value) {
    CfnOutput.Builder.create(this, id).description(description).value(value).build();
  }

  /** The delivery stream construct. */
  public TelemetryDeliveryStream delivery() {
    return delivery;
  }

  /** The API construct. */
  public FirehoseProxyApi api() {
    return api;
  }

  /** The WAF web ACL construct, or {@code null} when context {@code waf} is false. */
  public ProxyFirewall firewall() {
    return firewall;
  }

  /** The alarms and dashboard. */
  public ProxyMonitoring monitoring() {
    return monitoring;
  }

  /** The custom-domain construct. */
  public ProxyDomain domain() {
    return domain;
  }
}
