package dev.hydrant.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/**
 * The cdk-nag AwsSolutions rules this app deliberately does not follow, each recorded on the
 * construct it concerns together with the reason. The reasons end up in the template metadata, so a
 * reviewer sees them next to the resource. The tests fail on any finding not suppressed here.
 */
final class NagRules {

  private NagRules() {}

  /** Suppresses {@code ruleId} (e.g. {@code AwsSolutions-APIG4}) on {@code construct} and below. */
  static void suppress(IConstruct construct, String ruleId, String reason) {
    NagSuppressions.addResourceSuppressions(
        construct, List.of(NagPackSuppression.builder().id(ruleId).reason(reason).build()), true);
  }

  /**
   * Suppresses {@code ruleId} on {@code construct} only for findings whose detail matches the
   * JavaScript regular expression {@code regex} (for example one wildcard resource of IAM5).
   */
  static void suppressMatching(IConstruct construct, String ruleId, String regex, String reason) {
    NagSuppressions.addResourceSuppressions(
        construct,
        List.of(
            NagPackSuppression.builder()
                .id(ruleId)
                .reason(reason)
                .appliesTo(List.of(RegexAppliesTo.builder().regex(regex).build()))
                .build()),
        true);
  }
}
