/** SigV4 signing and the credentials cache behind {@code dev.hydrant.auth}. <b>Not API</b>. */
package dev.hydrant.internal.auth;
