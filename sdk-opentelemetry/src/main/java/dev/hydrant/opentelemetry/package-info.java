/**
 * An OpenTelemetry bridge for Hydrant: {@link dev.hydrant.opentelemetry.HydrantInstruments}
 * publishes a client's counters, gauges and latencies through the OpenTelemetry metrics API. An
 * optional module, so that the core library gains no dependency.
 */
package dev.hydrant.opentelemetry;
