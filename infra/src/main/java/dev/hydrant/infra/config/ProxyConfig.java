package dev.hydrant.infra.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Everything the proxy stacks need, read once from CDK context.
 *
 * @param storageStackName context {@code storageStackName}, default {@value
 *     #DEFAULT_STORAGE_STACK_NAME}: the bucket, kept apart so that the proxy can be destroyed and
 *     redeployed without touching the data
 * @param proxyStackName context {@code proxyStackName}, default {@value #DEFAULT_PROXY_STACK_NAME}:
 *     delivery stream, API, domain, roles and logs
 * @param storage the bucket
 * @param delivery the delivery stream
 * @param api the REST API, stage, key and usage plan
 * @param domain the custom domain
 * @param firewall the optional WAF web ACL
 * @param monitoring alarms, dashboard and alarm topic
 * @param query Glue catalog and Athena workgroup
 * @param deviceAuth API key, per-device identity (AWS_IAM) or both
 */
public record ProxyConfig(
    String storageStackName,
    String proxyStackName,
    StorageSettings storage,
    DeliverySettings delivery,
    ApiSettings api,
    DomainSettings domain,
    FirewallSettings firewall,
    MonitoringSettings monitoring,
    QuerySettings query,
    DeviceAuthSettings deviceAuth) {

  /** Default of {@code storageStackName}. */
  public static final String DEFAULT_STORAGE_STACK_NAME = "hydrant-storage";

  /** Default of {@code proxyStackName}. */
  public static final String DEFAULT_PROXY_STACK_NAME = "hydrant-proxy";

  private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");

  /** Validates the stack names and that no part is missing. */
  public ProxyConfig {
    checkStackName("storageStackName", storageStackName);
    checkStackName("proxyStackName", proxyStackName);
    if (storageStackName.equals(proxyStackName)) {
      throw new IllegalArgumentException(
          "storageStackName and proxyStackName must differ, both were '" + proxyStackName + "'");
    }
    requireNonNull(storage, "storage");
    requireNonNull(delivery, "delivery");
    requireNonNull(api, "api");
    requireNonNull(domain, "domain");
    requireNonNull(firewall, "firewall");
    requireNonNull(monitoring, "monitoring");
    requireNonNull(query, "query");
    requireNonNull(deviceAuth, "deviceAuth");
  }

  private static void checkStackName(String name, String value) {
    requireNonNull(value, name);
    if (!STACK_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name + " must match " + STACK_NAME.pattern() + ", was '" + value + "'");
    }
  }

  /** Reads the whole configuration from context, applying the defaults. */
  public static ProxyConfig fromContext(ContextValues context) {
    requireNonNull(context, "context");
    return new ProxyConfig(
        context.string("storageStackName", DEFAULT_STORAGE_STACK_NAME),
        context.string("proxyStackName", DEFAULT_PROXY_STACK_NAME),
        StorageSettings.fromContext(context),
        DeliverySettings.fromContext(context),
        ApiSettings.fromContext(context),
        DomainSettings.fromContext(context),
        FirewallSettings.fromContext(context),
        MonitoringSettings.fromContext(context),
        QuerySettings.fromContext(context),
        DeviceAuthSettings.fromContext(context));
  }
}
