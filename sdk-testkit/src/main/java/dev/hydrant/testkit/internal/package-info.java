/**
 * Internals of the Hydrant testkit emulator: TLS material, the HTTP server, the API Gateway and
 * Firehose layers, the S3 sink. Not API: anything here may change without notice.
 */
package dev.hydrant.testkit.internal;
