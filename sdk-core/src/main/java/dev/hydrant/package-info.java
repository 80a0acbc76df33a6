/**
 * Hydrant: the telemetry SDK set-top boxes and IoT devices embed to ship events to Amazon Data
 * Firehose through a TLS 1.2+ API Gateway proxy. The entry point is {@code HydrantClient}.
 */
package dev.hydrant;
