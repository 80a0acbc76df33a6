/**
 * HTTP transport to the API Gateway proxy: TLS socket factory with pins, request bodies, the one
 * {@link dev.hydrant.internal.transport.ResponseClassifier}, and {@link
 * dev.hydrant.internal.transport.RecordDelivery} (retry with backoff). <b>Not API</b>: may change
 * in any release without notice.
 */
package dev.hydrant.internal.transport;
