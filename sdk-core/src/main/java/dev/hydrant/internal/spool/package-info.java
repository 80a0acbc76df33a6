/**
 * The crash-safe disk spool: an {@link dev.hydrant.internal.buffer.EventBuffer} kept in
 * append-only, checksummed segment files. <b>Not API</b>: may change in any release without notice.
 *
 * <p>Entry point: {@link dev.hydrant.internal.spool.DiskSpool#open}. The on-disk format and its
 * crash-safety assumptions are documented on {@link dev.hydrant.internal.spool.DiskSpool}.
 */
package dev.hydrant.internal.spool;
