package dev.hydrant.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;

/**
 * JSON schemas of the two request bodies, enforced by the API's request validator before Firehose
 * is called. They also close the templates' injection hole: the templates interpolate {@code
 * DeliveryStreamName} and {@code Data} unescaped, and the patterns below admit no {@code "} or
 * {@code \}.
 */
public final class RequestModels {

  /** Firehose's stream-name rule. */
  public static final String STREAM_NAME_PATTERN = "^[a-zA-Z0-9_.-]+$";

  /** Standard, padded base64 (what Firehose expects in {@code Data}). */
  public static final String BASE64_PATTERN = "^[A-Za-z0-9+/]*={0,2}$";

  /** Base64 length of Firehose's 1,024,000-byte record limit. */
  public static final int MAX_DATA_CHARS = 1_365_336;

  /** Firehose's PutRecordBatch record limit. */
  public static final int MAX_BATCH_RECORDS = 500;

  private RequestModels() {}

  /** {@code {"DeliveryStreamName": "...", "Data": "<base64>"}}, the single-record body. */
  public static JsonSchema putRecord() {
    return JsonSchema.builder()
        .schema(JsonSchemaVersion.DRAFT4)
        .title("PutRecordRequest")
        .type(JsonSchemaType.OBJECT)
        .required(List.of("DeliveryStreamName", "Data"))
        .properties(Map.of("DeliveryStreamName", streamName(), "Data", data()))
        .build();
  }

  /** {@code {"DeliveryStreamName": "...", "Records": [{"Data": "<base64>"}, ...]}}, 1..500. */
  public static JsonSchema putRecordBatch() {
    JsonSchema record =
        JsonSchema.builder()
            .type(JsonSchemaType.OBJECT)
            .required(List.of("Data"))
            .properties(Map.of("Data", data()))
            .build();
    return JsonSchema.builder()
        .schema(JsonSchemaVersion.DRAFT4)
        .title("PutRecordBatchRequest")
        .type(JsonSchemaType.OBJECT)
        .required(List.of("DeliveryStreamName", "Records"))
        .properties(
            Map.of(
                "DeliveryStreamName",
                streamName(),
                "Records",
                JsonSchema.builder()
                    .type(JsonSchemaType.ARRAY)
                    .minItems(1)
                    .maxItems(MAX_BATCH_RECORDS)
                    .items(record)
                    .build()))
        .build();
  }

  private static JsonSchema streamName() {
    return JsonSchema.builder()
        .type(JsonSchemaType.STRING)
        .minLength(1)
        .maxLength(64)
        .pattern(STREAM_NAME_PATTERN)
        .build();
  }

  private static JsonSchema data() {
    return JsonSchema.builder()
        .type(JsonSchemaType.STRING)
        .maxLength(MAX_DATA_CHARS)
        .pattern(BASE64_PATTERN)
        .build();
  }
}
