package dev.hydrant.tls;

/**
 * What a TLS handshake with the proxy negotiated.
 *
 * @param protocol for example {@code TLSv1.3}
 * @param cipherSuite for example {@code TLS_AES_256_GCM_SHA384}
 */
public record NegotiatedTls(String protocol, String cipherSuite) {}
