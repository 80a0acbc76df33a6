package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.ContextValues;
import dev.hydrant.infra.config.ProxyConfig;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;

/**
 * The CDK app: a storage stack (the bucket) and a proxy stack (Firehose, API, domain). Run by the
 * CDK CLI through {@code cdk.json}; configuration comes from CDK context, see {@link ProxyConfig}.
 */
public final class HydrantProxyApp {

  /** The two stacks of one app. */
  public record Stacks(StorageStack storage, ProxyStack proxy) {}

  private HydrantProxyApp() {}

  /**
   * Synthesises the app into the CDK CLI's output directory.
   *
   * @param args ignored; use {@code -c key=value} context instead
   */
  public static void main(String[] args) {
    App app = new App();
    Environment env =
        Environment.builder()
            .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
            .region(System.getenv("CDK_DEFAULT_REGION"))
            .build();
    define(app, ProxyConfig.fromContext(new ContextValues(app.getNode()::tryGetContext)), env);
    app.synth();
  }

  /**
   * Adds both stacks to {@code app}.
   *
   * @param app the app
   * @param config validated configuration
   * @param env target account and region, or {@code null} for environment-agnostic stacks
   * @return the stacks
   */
  public static Stacks define(App app, ProxyConfig config, Environment env) {
    requireNonNull(app, "app");
    requireNonNull(config, "config");
    checkCertificateRegion(config, env);
    StorageStack storage =
        new StorageStack(
            app,
            "Storage",
            StackProps.builder()
                .stackName(config.storageStackName())
                .env(env)
                .description("Hydrant telemetry bucket")
                .build(),
            config.storage());
    ProxyStack proxy =
        new ProxyStack(
            app,
            "Proxy",
            StackProps.builder()
                .stackName(config.proxyStackName())
                .env(env)
                .description("Hydrant API Gateway to Firehose proxy")
                .build(),
            storage.bucket(),
            config);
    return new Stacks(storage, proxy);
  }

  /**
   * Fails before synthesis, rather than an hour into a deployment, when the certificate cannot
   * serve a REGIONAL domain in the target region.
   */
  private static void checkCertificateRegion(ProxyConfig config, Environment env) {
    String region = env == null ? null : env.getRegion();
    if (region == null || Token.isUnresolved(region)) {
      return;
    }
    String certificateRegion = config.domain().certificateRegion();
    if (!certificateRegion.equals(region)) {
      throw new IllegalArgumentException(
          "certificateArn is in region "
              + certificateRegion
              + " but the stacks deploy to "
              + region
              + "; a REGIONAL custom domain needs an ACM certificate in its own region");
    }
  }
}
