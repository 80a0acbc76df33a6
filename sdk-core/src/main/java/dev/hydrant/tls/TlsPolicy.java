package dev.hydrant.tls;

import dev.hydrant.TlsConfigurationException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Which TLS protocol versions and cipher suites Hydrant offers, like OkHttp's {@code
 * ConnectionSpec}. Only TLS 1.3 and TLS 1.2 with forward-secret AEAD suites can be expressed: no
 * builder call can lower the floor, whatever the JVM on the device would allow.
 *
 * <p>The suite list is intersected with what this JVM supports when the policy is built; if nothing
 * is left for one of the protocols, {@link Builder#build()} throws {@link
 * TlsConfigurationException}. Immutable and thread-safe.
 */
public final class TlsPolicy {
  /** TLS 1.3 protocol name. */
  public static final String TLS_1_3 = "TLSv1.3";

  /** TLS 1.2 protocol name. */
  public static final String TLS_1_2 = "TLSv1.2";

  private static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  private static final List<String> TLS12_SUITES =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private static final Pattern TLS12_ALLOWED =
      Pattern.compile(
          "TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)");

  /**
   * TLS 1.3 and TLS 1.2; the TLS 1.3 suites and ECDHE-ECDSA/ECDHE-RSA with AES-GCM or
   * CHACHA20-POLY1305. Accepted by API Gateway custom domains with the {@code TLS_1_2} policy and
   * by the enhanced {@code SecurityPolicy_TLS13_*} policies. The default.
   */
  public static final TlsPolicy MODERN =
      builder()
          .protocols(TLS_1_3, TLS_1_2)
          .cipherSuites(concat(TLS13_SUITES, TLS12_SUITES).toArray(String[]::new))
          .build();

  /**
   * TLS 1.3 only, with its three standard suites (API Gateway {@code SecurityPolicy_TLS13_1_3}).
   */
  public static final TlsPolicy TLS13_ONLY =
      builder().protocols(TLS_1_3).cipherSuites(TLS13_SUITES.toArray(String[]::new)).build();

  /**
   * {@link #MODERN}'s protocols and suites with the CHACHA20-POLY1305 suites first, for devices
   * whose JVM runs AES-GCM in software: a C1-only JVM ({@code -XX:TieredStopAtLevel=1}, common on
   * set-top boxes) or a CPU without AES instructions, where ChaCha20-Poly1305 costs a fraction of
   * AES-GCM's CPU per byte. On a JVM with AES intrinsics, {@link #MODERN} is cheaper. The server
   * still chooses: one that honours the client's order (many TLS 1.3 servers without a preference
   * of their own) picks ChaCha20, one that enforces its own order picks its favourite, as with
   * {@link #MODERN}.
   */
  public static final TlsPolicy CHACHA20_FIRST =
      builder()
          .protocols(TLS_1_3, TLS_1_2)
          .cipherSuites(chacha20First(concat(TLS13_SUITES, TLS12_SUITES)).toArray(String[]::new))
          .build();

  private final List<String> protocols;
  private final List<String> cipherSuites;

  private TlsPolicy(List<String> protocols, List<String> cipherSuites) {
    this.protocols = List.copyOf(protocols);
    this.cipherSuites = List.copyOf(cipherSuites);
  }

  /**
   * A builder for a narrower custom policy; start from nothing and list what you allow.
   *
   * @return this builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return enabled protocols, most preferred first ({@code TLSv1.3}, {@code TLSv1.2})} */
  public List<String> protocols() {
    return protocols;
  }

  /** {@return enabled cipher suites, already intersected with what this JVM supports} */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsPolicy p
        && p.protocols.equals(protocols)
        && p.cipherSuites.equals(cipherSuites);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocols, cipherSuites);
  }

  @Override
  public String toString() {
    return "TlsPolicy{protocols=" + protocols + ", cipherSuites=" + cipherSuites + "}";
  }

  private static List<String> chacha20First(List<String> suites) {
    List<String> ordered = new ArrayList<>();
    for (String suite : suites) {
      if (suite.contains("CHACHA20")) {
        ordered.add(suite);
      }
    }
    for (String suite : suites) {
      if (!suite.contains("CHACHA20")) {
        ordered.add(suite);
      }
    }
    return ordered;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Builds a {@link TlsPolicy}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> protocols = new LinkedHashSet<>();
    private final Set<String> cipherSuites = new LinkedHashSet<>();

    private Builder() {}

    /**
     * The protocols to offer, most preferred first. Replaces earlier calls.
     *
     * @param names TLS protocol names such as {@code TLSv1.3}
     * @return this builder
     * @throws IllegalArgumentException for anything but {@code TLSv1.3} and {@code TLSv1.2} (TLS
     *     1.0/1.1 and SSL are refused), or an empty list
     */
    public Builder protocols(String... names) {
      Objects.requireNonNull(names, "protocols");
      if (names.length == 0) {
        throw new IllegalArgumentException("protocols must not be empty");
      }
      protocols.clear();
      for (String name : names) {
        Objects.requireNonNull(name, "protocol");
        if (!name.equals(TLS_1_3) && !name.equals(TLS_1_2)) {
          throw new IllegalArgumentException(
              "protocol "
                  + name
                  + " is not allowed: Hydrant only speaks TLSv1.3 and TLSv1.2 (TLS 1.0/1.1 and SSL"
                  + " are broken or deprecated)");
        }
        protocols.add(name);
      }
      return this;
    }

    /**
     * The cipher suites to offer, most preferred first (IANA/JSSE names). Replaces earlier calls.
     *
     * @param names cipher suite names such as {@code TLS_AES_128_GCM_SHA256}
     * @return this builder
     * @throws IllegalArgumentException for a suite that is not a TLS 1.3 suite nor an ECDHE suite
     *     with AES-GCM or CHACHA20-POLY1305 (not forward-secret or not AEAD), or an empty list
     */
    public Builder cipherSuites(String... names) {
      Objects.requireNonNull(names, "cipherSuites");
      if (names.length == 0) {
        throw new IllegalArgumentException("cipherSuites must not be empty");
      }
      cipherSuites.clear();
      for (String name : names) {
        Objects.requireNonNull(name, "cipherSuite");
        if (!TLS13_SUITES.contains(name) && !TLS12_ALLOWED.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "cipher suite "
                  + name
                  + " is not allowed: only forward-secret AEAD suites (the TLS 1.3 suites, or"
                  + " TLS_ECDHE_ECDSA/RSA with AES_GCM or CHACHA20_POLY1305) are accepted");
        }
        cipherSuites.add(name);
      }
      return this;
    }

    /**
     * Builds the policy, keeping only the suites this JVM supports.
     *
     * @return the policy
     * @throws IllegalArgumentException if protocols or suites were not set
     * @throws TlsConfigurationException if a chosen protocol is left with no suite this JVM
     *     supports
     */
    public TlsPolicy build() {
      if (protocols.isEmpty()) {
        throw new IllegalArgumentException("protocols must be set");
      }
      if (cipherSuites.isEmpty()) {
        throw new IllegalArgumentException("cipherSuites must be set");
      }
      Set<String> supported = supportedSuites();
      List<String> usable = new ArrayList<>();
      for (String suite : cipherSuites) {
        if (supported.contains(suite)) {
          usable.add(suite);
        }
      }
      for (String protocol : protocols) {
        boolean tls13 = protocol.equals(TLS_1_3);
        if (usable.stream().noneMatch(s -> TLS13_SUITES.contains(s) == tls13)) {
          throw new TlsConfigurationException(
              "no usable cipher suite for "
                  + protocol
                  + ": requested "
                  + cipherSuites
                  + ", this JVM supports "
                  + (tls13 ? "none of the TLS 1.3 ones" : "none of the TLS 1.2 ones"));
        }
      }
      return new TlsPolicy(new ArrayList<>(protocols), usable);
    }

    private static Set<String> supportedSuites() {
      try {
        // Empty managers: the supported suites do not depend on them, and the JVM's default
        // context would load the platform trust store, which a client with its own Trust never
        // uses.
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[0], new TrustManager[0], null);
        return new LinkedHashSet<>(
            Arrays.asList(context.getSupportedSSLParameters().getCipherSuites()));
      } catch (GeneralSecurityException e) {
        throw new TlsConfigurationException("this JVM has no default TLS implementation", e);
      }
    }
  }
}
