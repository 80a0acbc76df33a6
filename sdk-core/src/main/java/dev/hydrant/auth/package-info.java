/**
 * Per-device identity: requests signed with AWS Signature Version 4 for an API Gateway stage that
 * authorizes with {@code AWS_IAM}, with short-lived credentials from a {@link
 * dev.hydrant.auth.CredentialsProvider} — typically the AWS IoT Core credential provider, which
 * exchanges the device's X.509 certificate for them ({@link
 * dev.hydrant.auth.IotCredentialsProvider}). Configure it with {@link dev.hydrant.auth.AwsIamAuth}.
 */
package dev.hydrant.auth;
