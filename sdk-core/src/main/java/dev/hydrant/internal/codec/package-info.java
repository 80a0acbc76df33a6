/**
 * The wire codec: events to NDJSON lines ({@link dev.hydrant.internal.codec.EventCodec}) and lines
 * to Firehose records and request groups ({@link dev.hydrant.internal.codec.Packer}). <b>Not
 * API</b>: may change in any release without notice.
 */
package dev.hydrant.internal.codec;
