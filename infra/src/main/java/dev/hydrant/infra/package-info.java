/**
 * The deployable API Gateway &rarr; Amazon Data Firehose &rarr; S3 proxy, as an AWS CDK app.
 *
 * <p>{@link dev.hydrant.infra.HydrantProxyApp} is the entry point; {@link
 * dev.hydrant.infra.config.ProxyConfig} is the typed configuration read from CDK context. The
 * request mapping templates are loaded by {@link dev.hydrant.infra.VtlTemplates} from the testkit
 * jar, so the deployed API and the local emulator run the same bytes.
 */
package dev.hydrant.infra;
