package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.ApiSettings;
import dev.hydrant.infra.config.DeviceAuthSettings;
import dev.hydrant.infra.config.ExecutionLogLevel;
import dev.hydrant.infra.config.ResponseMapping;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeyOptions;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.AwsIntegration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The REGIONAL REST API that forwards {@code POST /<path>} to Firehose {@code PutRecord} and {@code
 * POST /<path>/batch} to {@code PutRecordBatch}.
 *
 * <p>Both methods require an API key (header {@code X-API-Key}) covered by a throttled usage plan,
 * validate the body against a JSON schema, and transform it with the testkit's VTL templates. The
 * integration role may call exactly those two actions on exactly one stream. The default {@code
 * execute-api} endpoint is disabled (it would accept TLS 1.0 beside the TLS 1.2 custom domain); the
 * stage writes access logs with the TLS version and cipher suite and never logs bodies.
 */
public final class FirehoseProxyApi extends Construct {

  /** The integration's only non-default request parameter: Firehose speaks JSON 1.1. */
  static final String FIREHOSE_CONTENT_TYPE = "'application/x-amz-json-1.1'";

  private final RestApi api;
  private final IApiKey apiKey;
  private final DeviceAuthSettings deviceAuth;
  private final DeviceIdentity deviceIdentity;

  /**
   * Defines the API.
   *
   * @param scope parent construct
   * @param id construct id
   * @param streamArn ARN of the one stream the integration role may write to
   * @param settings API options
   */
  public FirehoseProxyApi(Construct scope, String id, String streamArn, ApiSettings settings) {
    this(
        scope,
        id,
        streamArn,
        settings,
        new DeviceAuthSettings(
            DeviceAuthSettings.Mode.API_KEY,
            DeviceAuthSettings.DEFAULT_ROLE_ALIAS,
            DeviceAuthSettings.DEFAULT_CREDENTIAL_DURATION_SECONDS));
  }

  /**
   * Defines the API with the given device authorization: with {@code AWS_IAM} (or both), the
   * methods require SigV4 and a {@link DeviceIdentity} (role, role alias, IoT policy) is added.
   */
  public FirehoseProxyApi(
      Construct scope,
      String id,
      String streamArn,
      ApiSettings settings,
      DeviceAuthSettings deviceAuth) {
    super(scope, id);
    requireNonNull(streamArn, "streamArn");
    requireNonNull(settings, "settings");
    this.deviceAuth = requireNonNull(deviceAuth, "deviceAuth");

    LogGroup accessLogs =
        LogGroup.Builder.create(this, "AccessLogs").removalPolicy(RemovalPolicy.RETAIN).build();
    ((CfnLogGroup) accessLogs.getNode().getDefaultChild())
        .setRetentionInDays(settings.logRetentionDays());

    this.api =
        RestApi.Builder.create(this, "Api")
            .restApiName(settings.apiName())
            .description("Hydrant telemetry proxy: API Gateway to Amazon Data Firehose")
            .endpointTypes(List.of(EndpointType.REGIONAL))
            .disableExecuteApiEndpoint(true)
            .apiKeySourceType(ApiKeySourceType.HEADER)
            .cloudWatchRole(settings.cloudWatchRole())
            .minCompressionSize(
                settings.minimumCompressionSize() == null
                    ? null
                    : Size.bytes(settings.minimumCompressionSize()))
            .failOnWarnings(true)
            .deployOptions(
                StageOptions.builder()
                    .stageName(settings.stageName())
                    .accessLogDestination(new LogGroupLogDestination(accessLogs))
                    .accessLogFormat(AccessLogFormat.custom(AccessLogFields.FORMAT))
                    .dataTraceEnabled(false)
                    .loggingLevel(loggingLevel(settings))
                    .metricsEnabled(true)
                    .tracingEnabled(false)
                    .cachingEnabled(false)
                    .throttlingRateLimit(settings.stageRateLimit())
                    .throttlingBurstLimit(settings.stageBurstLimit())
                    .build())
            .build();

    // The URL of the disabled execute-api endpoint is no use to anyone: clients use the domain.
    api.getNode().tryRemoveChild("Endpoint");

    Role role = integrationRole(streamArn);
    RequestValidator validator =
        api.addRequestValidator(
            "BodyValidator",
            RequestValidatorOptions.builder()
                .requestValidatorName("body-only")
                .validateRequestBody(true)
                .validateRequestParameters(true)
                .build());

    Resource single = api.getRoot().addResource(settings.resourcePath());
    Method singleMethod =
        addRoute(
            single,
            "PutRecord",
            VtlTemplates.PUT_RECORD,
            RequestModels.putRecord(),
            role,
            validator,
            settings.responseMapping());
    Resource batch = single.addResource(ApiSettings.BATCH_PATH);
    Method batchMethod =
        addRoute(
            batch,
            "PutRecordBatch",
            VtlTemplates.PUT_RECORD_BATCH,
            RequestModels.putRecordBatch(),
            role,
            validator,
            settings.responseMapping());

    UsagePlanProps.Builder plan =
        UsagePlanProps.builder()
            .name(settings.apiName() + "-devices")
            .description("Per-key throttling for Hydrant devices")
            .throttle(
                ThrottleSettings.builder()
                    .rateLimit(settings.keyRateLimit())
                    .burstLimit(settings.keyBurstLimit())
                    .build())
            .apiStages(
                List.of(
                    UsagePlanPerApiStage.builder()
                        .api(api)
                        .stage(api.getDeploymentStage())
                        .build()));
    if (settings.quotaLimit() != null) {
      plan.quota(
          QuotaSettings.builder()
              .limit(settings.quotaLimit())
              .period(Period.valueOf(settings.quotaPeriod().name()))
              .build());
    }
    UsagePlan usagePlan = api.addUsagePlan("UsagePlan", plan.build());
    this.apiKey =
        api.addApiKey(
            "DeviceKey",
            ApiKeyOptions.builder()
                .apiKeyName(settings.apiKeyName())
                .description(
                    "API key for Hydrant devices; read it with get-api-key --include-value")
                .build());
    usagePlan.addApiKey(apiKey);
    this.deviceIdentity =
        deviceAuth.mode().iam()
            ? new DeviceIdentity(
                this, "DeviceIdentity", List.of(singleMethod, batchMethod), deviceAuth)
            : null;
    // Last: a suppression covers only the constructs that exist when it is added.
    suppressNagRules(settings);
  }

  private void suppressNagRules(ApiSettings settings) {
    String deviceAuth =
        "Set-top boxes have no IAM credentials or Cognito users; each request carries the fleet's"
            + " API key, is throttled by the usage plan and stage, and can be filtered by WAF.";
    NagRules.suppress(api, "AwsSolutions-APIG4", deviceAuth);
    NagRules.suppress(api, "AwsSolutions-COG4", deviceAuth);
    if (settings.cloudWatchRole()) {
      // CDK's construct-metadata collection cannot describe a managed policy and warns on every
      // synth; the role itself is correct, so the warning is acknowledged here.
      Annotations.of(api.getNode().findChild("CloudWatchRole"))
          .acknowledgeWarning(
              "@aws-cdk/core:addConstructMetadataFailed",
              "metadata collection does not support fromAwsManagedPolicyName");
      NagRules.suppressMatching(
          api,
          "AwsSolutions-IAM4",
          "/AmazonAPIGatewayPushToCloudWatchLogs$/g",
          "API Gateway's account-level logging role uses the AWS managed policy made for it.");
    }
    if (settings.executionLogLevel() == ExecutionLogLevel.OFF) {
      NagRules.suppress(
          api.getDeploymentStage(),
          "AwsSolutions-APIG6",
          "Execution logging switched off by context executionLogLevel=OFF; access logs stay on.");
    }
  }

  private static MethodLoggingLevel loggingLevel(ApiSettings settings) {
    return switch (settings.executionLogLevel()) {
      case OFF -> MethodLoggingLevel.OFF;
      case ERROR -> MethodLoggingLevel.ERROR;
      case INFO -> MethodLoggingLevel.INFO;
    };
  }

  private Role integrationRole(String streamArn) {
    PolicyDocument putOnly =
        PolicyDocument.Builder.create()
            .statements(
                List.of(
                    PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .actions(List.of("firehose:PutRecord", "firehose:PutRecordBatch"))
                        .resources(List.of(streamArn))
                        .build()))
            .build();
    return Role.Builder.create(this, "IntegrationRole")
        .description("Lets API Gateway put records into the telemetry stream, nothing else")
        .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
        .inlinePolicies(Map.of("PutToTelemetryStream", putOnly))
        .build();
  }

  private Method addRoute(
      Resource resource,
      String action,
      String templateResource,
      JsonSchema schema,
      Role role,
      RequestValidator validator,
      ResponseMapping mapping) {
    AwsIntegration integration =
        AwsIntegration.Builder.create()
            .service("firehose")
            .action(action)
            .integrationHttpMethod("POST")
            .options(
                IntegrationOptions.builder()
                    .credentialsRole(role)
                    .passthroughBehavior(PassthroughBehavior.NEVER)
                    .requestParameters(
                        Map.of("integration.request.header.Content-Type", FIREHOSE_CONTENT_TYPE))
                    .requestTemplates(
                        Map.of("application/json", VtlTemplates.load(templateResource)))
                    .integrationResponses(integrationResponses(mapping))
                    .build())
            .build();
    Model model =
        api.addModel(
            action + "Model",
            ModelOptions.builder()
                .contentType("application/json")
                .modelName(action + "Request")
                .schema(schema)
                .build());
    return resource.addMethod(
        "POST",
        integration,
        MethodOptions.builder()
            .operationName(action)
            .apiKeyRequired(deviceAuth.mode().apiKey())
            .authorizationType(
                deviceAuth.mode().iam() ? AuthorizationType.IAM : AuthorizationType.NONE)
            .requestValidator(validator)
            .requestModels(Map.of("application/json", model))
            .methodResponses(
                List.of(methodResponse("200"), methodResponse("400"), methodResponse("500")))
            .build());
  }

  /**
   * The integration responses for a mapping mode. Bodies pass through unchanged (no response
   * template), so clients always see Firehose's JSON.
   */
  static List<IntegrationResponse> integrationResponses(ResponseMapping mapping) {
    IntegrationResponse success = IntegrationResponse.builder().statusCode("200").build();
    if (mapping == ResponseMapping.MASKED) {
      return List.of(success);
    }
    return List.of(
        IntegrationResponse.builder().statusCode("400").selectionPattern("4\\d{2}").build(),
        IntegrationResponse.builder().statusCode("500").selectionPattern("5\\d{2}").build(),
        success);
  }

  private static MethodResponse methodResponse(String status) {
    return MethodResponse.builder()
        .statusCode(status)
        .responseModels(Map.of("application/json", Model.EMPTY_MODEL))
        .build();
  }

  /** The REST API. */
  public RestApi api() {
    return api;
  }

  /** The device identity resources, or null when devices authenticate with the API key only. */
  public DeviceIdentity deviceIdentity() {
    return deviceIdentity;
  }

  /** The API key attached to the usage plan. */
  public IApiKey apiKey() {
    return apiKey;
  }
}
