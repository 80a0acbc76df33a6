/**
 * Typed, validated configuration of the proxy stacks, read from CDK context ({@code cdk deploy -c
 * key=value} or {@code cdk.json}). Every value has a documented default except the custom domain
 * name and its certificate ARN, which the deployment cannot invent.
 */
package dev.hydrant.infra.config;
