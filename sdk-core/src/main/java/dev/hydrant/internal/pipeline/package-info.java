/**
 * The producer pipeline behind {@code HydrantClient}: the sender thread, metrics and listener
 * dispatch. <b>Not API</b>.
 */
package dev.hydrant.internal.pipeline;
