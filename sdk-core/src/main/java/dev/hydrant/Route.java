package dev.hydrant;

/** Which of the proxy's routes a client posts to. */
public enum Route {
  /**
   * The single-record route every proxy has: body {@code {"DeliveryStreamName": "...", "Data":
   * "<base64>"}}, mapped onto Firehose {@code PutRecord}. With aggregation on, one record still
   * carries many events.
   */
  SINGLE,
  /**
   * The batch route: body {@code {"DeliveryStreamName": "...", "Records": [{"Data": "<base64>"},
   * ...]}} (at most 500 records and 4 MiB raw), mapped onto Firehose {@code PutRecordBatch}.
   */
  BATCH
}
