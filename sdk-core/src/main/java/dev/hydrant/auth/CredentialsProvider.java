package dev.hydrant.auth;

import java.util.Objects;

/**
 * Where signing credentials come from. Hydrant calls {@link #fetch()} from its own credentials
 * thread ({@code hydrant-credentials}), never from {@code send()} and never concurrently, ahead of
 * the expiry of the credentials it holds, after the proxy says the token expired, and with backoff
 * after a failure. An implementation may block, bounded by its own timeouts.
 */
@FunctionalInterface
public interface CredentialsProvider {

  /**
   * Fresh credentials.
   *
   * @return the credentials to sign with
   * @throws CredentialsException if none can be had now; {@link CredentialsException#refused()}
   *     says whether retrying may help
   */
  AwsCredentials fetch() throws CredentialsException;

  /**
   * A provider that always returns {@code credentials} (tests, fixed setups).
   *
   * @param credentials the credentials every {@link #fetch()} returns
   * @return the provider
   * @throws NullPointerException if {@code credentials} is null
   */
  static CredentialsProvider of(AwsCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return new CredentialsProvider() {
      @Override
      public AwsCredentials fetch() {
        return credentials;
      }

      @Override
      public String toString() {
        return "CredentialsProvider.of(" + credentials + ")";
      }
    };
  }
}
