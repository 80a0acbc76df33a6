package dev.hydrant.internal.transport;

/**
 * What the last TLS handshake negotiated, e.g. {@code TLSv1.3} / {@code TLS_AES_256_GCM_SHA384}.
 */
public record TlsSession(String protocol, String cipherSuite) {}
