package dev.hydrant.infra.config;

/** The period of a usage-plan quota. */
public enum QuotaPeriod {
  /** Requests per day. */
  DAY,
  /** Requests per week. */
  WEEK,
  /** Requests per month. */
  MONTH
}
