package dev.hydrant.internal.transport;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Wraps the client-certificate key manager (or stands in for a missing one) to notice when a server
 * asks for a client certificate that Hydrant cannot present. In TLS 1.3 the server refuses such a
 * client only after the client has finished its handshake, so the client sees a bare "Broken pipe"
 * or "Connection reset"; this flag lets that be reported as the certificate problem it is.
 */
final class ClientCertificateTracker extends X509ExtendedKeyManager {
  private final X509ExtendedKeyManager delegate;
  private final AtomicBoolean missing = new AtomicBoolean();

  ClientCertificateTracker(KeyManager[] delegates) {
    X509ExtendedKeyManager found = null;
    if (delegates != null) {
      for (KeyManager km : delegates) {
        if (km instanceof X509ExtendedKeyManager x) {
          found = x;
          break;
        }
      }
    }
    this.delegate = found;
  }

  /** Forget the previous handshake. */
  void reset() {
    missing.set(false);
  }

  /** Whether, since {@link #reset()}, a server asked for a certificate and none could be sent. */
  boolean requestedButMissing() {
    return missing.get();
  }

  private String record(String alias) {
    if (alias == null) {
      missing.set(true);
    }
    return alias;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return record(delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket));
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return record(
        delegate == null ? null : delegate.chooseEngineClientAlias(keyType, issuers, engine));
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return delegate == null ? null : delegate.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return delegate == null ? null : delegate.getPrivateKey(alias);
  }
}
