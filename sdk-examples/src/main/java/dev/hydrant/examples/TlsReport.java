package dev.hydrant.examples;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link TlsProbe} found out about an endpoint: which protocol versions it accepts (and with
 * which cipher suite), its certificate, and whether that certificate is trusted.
 *
 * @param host the probed host
 * @param port the probed port
 * @param protocols one result per version of {@link TlsProbe#PROTOCOLS}, in that order
 * @param certificate the leaf certificate seen, or null if no handshake succeeded
 * @param trusted whether a validating handshake (trust anchors and host name) succeeded
 * @param trustError why it did not, or null
 * @param trustSource which anchors were used
 */
record TlsReport(
    String host,
    int port,
    List<ProtocolResult> protocols,
    CertificateInfo certificate,
    boolean trusted,
    String trustError,
    String trustSource) {

  /**
   * One protocol probe.
   *
   * @param protocol the only version the probe offered
   * @param tested false if this JVM could not offer it (so nothing is known)
   * @param accepted whether the handshake succeeded
   * @param cipherSuite the negotiated suite, or null
   * @param error why the handshake did not happen, or null
   */
  record ProtocolResult(
      String protocol, boolean tested, boolean accepted, String cipherSuite, String error) {
    static ProtocolResult accepted(String offered, String negotiated, String cipherSuite) {
      return new ProtocolResult(offered, true, offered.equals(negotiated), cipherSuite, null);
    }

    static ProtocolResult refused(String protocol, String error) {
      return new ProtocolResult(protocol, true, false, null, error);
    }

    static ProtocolResult untested(String protocol, String why) {
      return new ProtocolResult(protocol, false, false, null, why);
    }
  }

  /**
   * The endpoint's leaf certificate.
   *
   * @param subject the subject's distinguished name
   * @param issuer the issuer's distinguished name
   * @param subjectAltNames {@code DNS:name} and {@code IP:address} entries
   * @param notAfter when it expires
   */
  record CertificateInfo(
      String subject, String issuer, List<String> subjectAltNames, Instant notAfter) {
    static CertificateInfo of(X509Certificate cert, List<String> sans) {
      return new CertificateInfo(
          cert.getSubjectX500Principal().getName(),
          cert.getIssuerX500Principal().getName(),
          List.copyOf(sans),
          cert.getNotAfter().toInstant());
    }
  }

  TlsReport {
    protocols = List.copyOf(protocols);
  }

  /** Whether the endpoint accepted {@code protocol}. */
  boolean accepts(String protocol) {
    return protocols.stream().anyMatch(p -> p.protocol().equals(protocol) && p.accepted());
  }

  /** The versions the endpoint accepted, oldest first. */
  List<String> acceptedProtocols() {
    return protocols.stream()
        .filter(ProtocolResult::accepted)
        .map(ProtocolResult::protocol)
        .toList();
  }

  /** Whether every version was actually offered (none skipped by this JVM). */
  boolean complete() {
    return protocols.stream().allMatch(ProtocolResult::tested);
  }

  /** The audit verdict: TLS 1.0 and 1.1 refused (and really tested), TLS 1.2 or 1.3 accepted. */
  boolean passes() {
    boolean legacyRefused =
        protocols.stream()
            .filter(p -> TlsProbe.LEGACY.contains(p.protocol()))
            .allMatch(p -> p.tested() && !p.accepted());
    return legacyRefused && (accepts("TLSv1.2") || accepts("TLSv1.3"));
  }

  /** One line saying why the endpoint fails the audit, or null if it passes. */
  String problem() {
    List<String> accepted = acceptedProtocols();
    List<String> legacy = accepted.stream().filter(TlsProbe.LEGACY::contains).toList();
    if (accepted.isEmpty()) {
      return "endpoint " + host + ":" + port + " completed no TLS handshake (TLS 1.0 to 1.3)";
    }
    if (!accepts("TLSv1.2") && !accepts("TLSv1.3")) {
      return "endpoint offers only "
          + String.join(" and ", accepted)
          + "; Hydrant requires TLS 1.2 or newer";
    }
    if (!legacy.isEmpty()) {
      return "endpoint still accepts "
          + String.join(" and ", legacy)
          + "; the TLS audit requires TLS 1.0 and 1.1 to be refused";
    }
    if (!complete()) {
      return "this JVM could not offer TLS 1.0/1.1, so their refusal is unproven";
    }
    return null;
  }

  /** The report as a JSON-ready map (snake_case keys). */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("host", host);
    json.put("port", port);
    Map<String, Object> versions = new LinkedHashMap<>();
    for (ProtocolResult p : protocols) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("tested", p.tested());
      v.put("accepted", p.accepted());
      v.put("cipher", p.cipherSuite());
      v.put("error", p.error());
      versions.put(p.protocol(), v);
    }
    json.put("protocols", versions);
    json.put("accepted", acceptedProtocols());
    if (certificate != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("subject", certificate.subject());
      c.put("issuer", certificate.issuer());
      c.put("subject_alt_names", certificate.subjectAltNames());
      c.put("not_after", certificate.notAfter().toString());
      json.put("certificate", c);
    } else {
      json.put("certificate", null);
    }
    json.put("trusted", trusted);
    json.put("trust_error", trustError);
    json.put("trust", trustSource);
    json.put("pass", passes());
    json.put("problem", problem());
    return json;
  }
}
