/**
 * TLS configuration of Hydrant's connection to the proxy: the {@link dev.hydrant.tls.TlsPolicy}
 * (protocols and cipher suites; never below TLS 1.2), the {@link dev.hydrant.tls.Trust} anchors,
 * optional SPKI {@link dev.hydrant.tls.CertificatePins} and an optional {@link
 * dev.hydrant.tls.ClientCertificate} for mutual TLS. All types are immutable and thread-safe.
 */
package dev.hydrant.tls;
