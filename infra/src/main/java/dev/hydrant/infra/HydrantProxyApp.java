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
   * <p>The stacks deploy to the region of {@code certificateArn} (a REGIONAL custom domain can only
   * use a certificate from its own region), or to context {@code region} when given, which must
   * then match the certificate. The CLI's default region ({@code CDK_DEFAULT_REGION}, which the CLI
   * sets to {@code us-east-1} when no region is configured) is deliberately not used, so {@code cdk
   * synth} works the same on a machine with no AWS configuration.
   *
   * @param args ignored; use {@code -c key=value} context instead
   */
  public static void main(String[] args) {
    App app = new App();
    ContextValues context = new ContextValues(app.getNode()::tryGetContext);
    ProxyConfig config = ProxyConfig.fromContext(context);
    define(app, config, environment(config, context, System.getenv("CDK_DEFAULT_ACCOUNT")));
    app.synth();
  }

  /**
   * The deployment environment: context {@code region} or else the certificate's region, and {@code
   * account} (the CLI's {@code CDK_DEFAULT_ACCOUNT}) or an account resolved at deployment when
   * {@code null}.
   */
  static Environment environment(ProxyConfig config, ContextValues context, String account) {
    String region = context.string("region", config.domain().certificateRegion());
    return Environment.builder().account(account).region(region).build();
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
                .description("Hydrant telemetry bucket, access logs and Athena catalog")
                .build(),
            config.storage(),
            config.delivery().prefix(),
            config.query());
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
