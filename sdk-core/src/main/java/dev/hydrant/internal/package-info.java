/**
 * Internal implementation of Hydrant. <b>Not API</b>: everything under {@code dev.hydrant.internal}
 * may change in any release without notice. Do not use it from application code.
 */
package dev.hydrant.internal;
