package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.FirewallSettings;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * A REGIONAL AWS WAF web ACL associated with the API stage. It allows by default and has two rules:
 * the AWS managed IP reputation list ({@value #REPUTATION_RULE}, blocks addresses Amazon threat
 * intelligence flags as bots or attackers) and a rate-based rule ({@value #RATE_RULE}) that blocks
 * a source IP sending more than the configured requests per evaluation window. Every rule publishes
 * CloudWatch metrics and samples requests.
 */
public final class ProxyFirewall extends Construct {

  /** Name of the rate-based rule and its metric. */
  public static final String RATE_RULE = "rate-per-source-ip";

  /** Name of the managed-rule-group rule and its metric. */
  public static final String REPUTATION_RULE = "aws-ip-reputation-list";

  private final CfnWebACL webAcl;

  /**
   * Defines the web ACL and associates it with {@code stage}.
   *
   * @param scope parent construct
   * @param id construct id
   * @param stage the API stage to protect
   * @param name web ACL name and metric prefix
   * @param settings limits
   */
  public ProxyFirewall(
      Construct scope, String id, Stage stage, String name, FirewallSettings settings) {
    super(scope, id);
    requireNonNull(stage, "stage");
    requireNonNull(settings, "settings");
    this.webAcl =
        CfnWebACL.Builder.create(this, "WebAcl")
            .name(name)
            .scope("REGIONAL")
            .description("Hydrant proxy: IP reputation list and per-source-IP rate limit")
            .defaultAction(
                CfnWebACL.DefaultActionProperty.builder()
                    .allow(CfnWebACL.AllowActionProperty.builder().build())
                    .build())
            .visibilityConfig(visibility(name))
            .rules(
                List.of(
                    CfnWebACL.RuleProperty.builder()
                        .name(REPUTATION_RULE)
                        .priority(0)
                        .overrideAction(
                            CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                        .statement(
                            CfnWebACL.StatementProperty.builder()
                                .managedRuleGroupStatement(
                                    CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                        .vendorName("AWS")
                                        .name("AWSManagedRulesAmazonIpReputationList")
                                        .build())
                                .build())
                        .visibilityConfig(visibility(REPUTATION_RULE))
                        .build(),
                    CfnWebACL.RuleProperty.builder()
                        .name(RATE_RULE)
                        .priority(1)
                        .action(
                            CfnWebACL.RuleActionProperty.builder()
                                .block(CfnWebACL.BlockActionProperty.builder().build())
                                .build())
                        .statement(
                            CfnWebACL.StatementProperty.builder()
                                .rateBasedStatement(
                                    CfnWebACL.RateBasedStatementProperty.builder()
                                        .aggregateKeyType("IP")
                                        .limit(settings.rateLimit())
                                        .evaluationWindowSec(settings.windowSeconds())
                                        .build())
                                .build())
                        .visibilityConfig(visibility(RATE_RULE))
                        .build()))
            .build();
    CfnWebACLAssociation.Builder.create(this, "StageAssociation")
        .resourceArn(stage.getStageArn())
        .webAclArn(webAcl.getAttrArn())
        .build();
  }

  private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
    return CfnWebACL.VisibilityConfigProperty.builder()
        .cloudWatchMetricsEnabled(true)
        .metricName(metric)
        .sampledRequestsEnabled(true)
        .build();
  }

  /** The web ACL's name, which is also its CloudWatch {@code WebACL} metric dimension. */
  public String webAclName() {
    return webAcl.getName();
  }
}
