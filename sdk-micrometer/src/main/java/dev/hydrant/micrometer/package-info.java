/**
 * A Micrometer bridge for Hydrant: {@link dev.hydrant.micrometer.HydrantMeters} registers a
 * client's counters, gauges and latencies with any {@code MeterRegistry}. An optional module, so
 * that the core library gains no dependency.
 */
package dev.hydrant.micrometer;
