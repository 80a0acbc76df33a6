package dev.hydrant.tls;

import dev.hydrant.TlsConfigurationException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * SPKI pins per host pattern, with OkHttp {@code CertificatePinner} semantics. A pin is {@code
 * sha256/<base64>} of the certificate's DER SubjectPublicKeyInfo. Patterns are an exact host
 * ({@code api.example.com}), {@code *.example.com} (exactly one more label) or {@code
 * **.example.com} (any number of labels, including none).
 *
 * <p>Pins are checked after the normal PKIX and host-name validation: a host that matches a pattern
 * is accepted when any pin of any matching pattern equals the SPKI hash of any certificate of the
 * validated chain, <em>including the trust anchor</em> that servers normally do not send. A host
 * that matches no pattern is not pinned. Each pattern needs at least two pins (a backup pin), so a
 * key rotation does not brick devices. Immutable and thread-safe.
 */
public final class CertificatePins {
  /** No pins at all: every host is accepted after normal validation. */
  public static final CertificatePins NONE = new CertificatePins(Map.of());

  /** Minimum number of distinct pins per pattern: the pin in use plus a backup: {@value}. */
  public static final int MIN_PINS_PER_PATTERN = 2;

  private static final String PREFIX = "sha256/";

  private final Map<String, Set<String>> pinsByPattern;

  private CertificatePins(Map<String, Set<String>> pinsByPattern) {
    this.pinsByPattern = pinsByPattern;
  }

  /**
   * A builder; add one pattern with its pins per {@link Builder#add} call.
   *
   * @return this builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return whether no pattern is configured} */
  public boolean isEmpty() {
    return pinsByPattern.isEmpty();
  }

  /**
   * The configured pins of every pattern that matches {@code host}; empty if it is not pinned.
   *
   * @param host the server host name
   * @return the pins for that host, possibly empty
   */
  public Set<String> pinsFor(String host) {
    Objects.requireNonNull(host, "host");
    String h = host.toLowerCase(Locale.ROOT);
    Set<String> pins = new LinkedHashSet<>();
    pinsByPattern.forEach(
        (pattern, p) -> {
          if (matches(pattern, h)) {
            pins.addAll(p);
          }
        });
    return pins;
  }

  /**
   * The pin ({@code sha256/<base64>} of the SubjectPublicKeyInfo) of a certificate.
   *
   * @param certificate the certificate
   * @return the pin, {@code sha256/} followed by base64
   */
  public static String pinOf(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
      return PREFIX + Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  static boolean matches(String pattern, String host) {
    if (pattern.startsWith("**.")) {
      String suffix = pattern.substring(3);
      return host.equals(suffix) || host.endsWith("." + suffix);
    }
    if (pattern.startsWith("*.")) {
      String suffix = pattern.substring(1);
      return host.endsWith(suffix)
          && host.length() > suffix.length()
          && host.lastIndexOf('.', host.length() - suffix.length() - 1) == -1;
    }
    return pattern.equals(host);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificatePins p && p.pinsByPattern.equals(pinsByPattern);
  }

  @Override
  public int hashCode() {
    return pinsByPattern.hashCode();
  }

  @Override
  public String toString() {
    return "CertificatePins" + pinsByPattern;
  }

  /** Builds {@link CertificatePins}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Set<String>> pinsByPattern = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Pins {@code pattern} to the given SPKI pins (added to earlier pins of the same pattern).
     *
     * @param pattern a host name, or {@code *.} and a domain for its direct subdomains
     * @param pins two or more pins, each {@code sha256/} and the base64 of 32 bytes
     * @return this builder
     * @throws IllegalArgumentException if the pattern is not a host name, {@code *.host} or {@code
     *     **.host}
     * @throws TlsConfigurationException naming the pin if one is not {@code sha256/} followed by
     *     the base64 of 32 bytes
     */
    public Builder add(String pattern, String... pins) {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(pins, "pins");
      String p = pattern.toLowerCase(Locale.ROOT);
      String bare = p.startsWith("**.") ? p.substring(3) : p.startsWith("*.") ? p.substring(2) : p;
      if (bare.isEmpty() || !bare.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?|[0-9a-f:.\\[\\]]+")) {
        throw new IllegalArgumentException(
            "pattern must be a host name, *.host or **.host: '" + pattern + "'");
      }
      Set<String> set = pinsByPattern.computeIfAbsent(p, k -> new LinkedHashSet<>());
      for (String pin : pins) {
        set.add(parsePin(pattern, pin));
      }
      return this;
    }

    /**
     * Builds the pins.
     *
     * @return the immutable pins
     * @throws IllegalArgumentException if a pattern has fewer than {@value #MIN_PINS_PER_PATTERN}
     *     distinct pins (a backup pin is required)
     */
    public CertificatePins build() {
      Map<String, Set<String>> copy = new LinkedHashMap<>();
      pinsByPattern.forEach(
          (pattern, pins) -> {
            if (pins.size() < MIN_PINS_PER_PATTERN) {
              throw new IllegalArgumentException(
                  "pattern '"
                      + pattern
                      + "' has "
                      + pins.size()
                      + " distinct pin(s); at least "
                      + MIN_PINS_PER_PATTERN
                      + " are required (the pin in use plus a backup pin, so a key rotation does"
                      + " not lock devices out)");
            }
            copy.put(pattern, Collections.unmodifiableSet(new LinkedHashSet<>(pins)));
          });
      return copy.isEmpty() ? NONE : new CertificatePins(Collections.unmodifiableMap(copy));
    }

    private static String parsePin(String pattern, String pin) {
      Objects.requireNonNull(pin, "pin");
      if (!pin.startsWith(PREFIX)) {
        throw new TlsConfigurationException(
            "invalid pin '" + pin + "' for '" + pattern + "': must start with " + PREFIX);
      }
      byte[] hash;
      try {
        hash = Base64.getDecoder().decode(pin.substring(PREFIX.length()));
      } catch (IllegalArgumentException e) {
        throw new TlsConfigurationException(
            "invalid pin '" + pin + "' for '" + pattern + "': not base64 (" + e.getMessage() + ")",
            e);
      }
      if (hash.length != 32) {
        throw new TlsConfigurationException(
            "invalid pin '"
                + pin
                + "' for '"
                + pattern
                + "': a SHA-256 hash has 32 bytes, this has "
                + hash.length);
      }
      return pin;
    }
  }
}
