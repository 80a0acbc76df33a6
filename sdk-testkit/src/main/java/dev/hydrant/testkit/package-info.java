/**
 * Hydrant's testkit: a local, faithful emulator of the API Gateway &rarr; Firehose &rarr; S3 proxy
 * that Hydrant ships telemetry to, and a JUnit 5 extension around it.
 *
 * <ul>
 *   <li>{@link dev.hydrant.testkit.FirehoseEmulator} (built by {@link
 *       dev.hydrant.testkit.FirehoseEmulatorBuilder}): HTTPS on 127.0.0.1 with TLS 1.2/1.3 and
 *       forward-secret AEAD suites only, the API Gateway stage (routes, API key, throttle, 403 /
 *       413 / 415 / 400 / 429 / 504 errors with API Gateway's bodies and headers), the real VTL
 *       mapping templates under {@code dev/hydrant/testkit/vtl/}, the {@link
 *       dev.hydrant.testkit.IntegrationMode integration-response mapping} that masks Firehose
 *       errors as 200 unless told otherwise, Firehose's validation, limits, quotas and error
 *       shapes, and an S3 destination with Firehose-style buffering and object names.
 *   <li>{@link dev.hydrant.testkit.Faults}: deterministic, seeded failure injection (masked errors,
 *       partial batch failures, 5xx, 429, latency, resets, empty responses, outages).
 *   <li>{@link dev.hydrant.testkit.FirehoseEmulatorExtension}: one emulator per class or per test,
 *       reset between tests.
 * </ul>
 *
 * <p>The package {@code dev.hydrant.testkit.internal} is not API.
 */
package dev.hydrant.testkit;
