package dev.hydrant.testkit;

/** How the emulated API Gateway maps Firehose's HTTP status to the client's. */
public enum IntegrationMode {
  /**
   * One default integration response, so every Firehose status (including 400 and 500 errors)
   * reaches the client as HTTP 200 with Firehose's JSON body passed through: a client must read the
   * body to tell success from failure.
   */
  MASKED,
  /**
   * A corrected deployment: Firehose 4xx becomes 400, 5xx becomes 500, 2xx stays 200; same body.
   */
  STRICT;

  /**
   * The status the client sees for a Firehose response with {@code backendStatus}.
   *
   * @param backendStatus Firehose's HTTP status
   * @return the HTTP status API Gateway returns
   */
  public int clientStatus(int backendStatus) {
    if (this == MASKED) {
      return 200;
    }
    if (backendStatus >= 500) {
      return 500;
    }
    return backendStatus >= 400 ? 400 : 200;
  }
}
