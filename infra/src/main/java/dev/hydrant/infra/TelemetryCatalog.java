package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.QuerySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Makes the telemetry queryable with Athena: a Glue database and an external JSON table over the
 * delivery prefix with partition projection (no crawler, no {@code MSCK REPAIR}), an Athena
 * workgroup whose results go, SSE-S3 encrypted and enforced, to their own bucket, and the named
 * queries of {@code docs/queries.md}.
 *
 * <p>The time placeholders of the Firehose prefix ({@code !{timestamp:yyyy}}, {@code MM}, {@code
 * dd}, {@code HH}) become the projected partition keys {@code year}, {@code month}, {@code day} and
 * {@code hour}; a prefix without them gives an unpartitioned table.
 */
public final class TelemetryCatalog extends Construct {

  /** The named queries: file name under {@code queries/} to description. */
  public static final Map<String, String> QUERIES = queries();

  private static final String[][] TIME_KEYS = {
    {"year", "!{timestamp:yyyy}", "2024,2099", "4"},
    {"month", "!{timestamp:MM}", "1,12", "2"},
    {"day", "!{timestamp:dd}", "1,31", "2"},
    {"hour", "!{timestamp:HH}", "0,23", "2"}
  };

  private final CfnTable table;

  /**
   * Defines the catalog.
   *
   * @param scope parent construct
   * @param id construct id
   * @param data the telemetry bucket
   * @param prefix the delivery stream's S3 prefix
   * @param accessLogs bucket for the results bucket's access logs
   * @param settings names
   * @param removal what happens to the results bucket when the stack is destroyed
   */
  public TelemetryCatalog(
      Construct scope,
      String id,
      IBucket data,
      String prefix,
      IBucket accessLogs,
      QuerySettings settings,
      RemovalPolicy removal) {
    super(scope, id);
    requireNonNull(data, "data");
    requireNonNull(prefix, "prefix");
    requireNonNull(settings, "settings");

    CfnDatabase database =
        CfnDatabase.Builder.create(this, "Database")
            .catalogId(Aws.ACCOUNT_ID)
            .databaseInput(
                CfnDatabase.DatabaseInputProperty.builder()
                    .name(settings.database())
                    .description("Hydrant telemetry")
                    .build())
            .build();

    String staticPrefix =
        prefix.contains("!{") ? prefix.substring(0, prefix.indexOf("!{")) : prefix;
    String location = "s3://" + data.getBucketName() + "/" + staticPrefix;
    String template = prefix;
    List<CfnTable.ColumnProperty> partitionKeys = new ArrayList<>();
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("classification", "json");
    parameters.put("has_encrypted_data", "false");
    for (String[] key : TIME_KEYS) {
      if (prefix.contains(key[1])) {
        partitionKeys.add(column(key[0], "string"));
        template = template.replace(key[1], "${" + key[0] + "}");
        parameters.put("projection." + key[0] + ".type", "integer");
        parameters.put("projection." + key[0] + ".range", key[2]);
        parameters.put("projection." + key[0] + ".digits", key[3]);
      }
    }
    if (!partitionKeys.isEmpty()) {
      parameters.put("projection.enabled", "true");
      parameters.put("storage.location.template", "s3://" + data.getBucketName() + "/" + template);
    }

    List<CfnTable.ColumnProperty> columns = new ArrayList<>();
    TelemetryColumns.COLUMNS.forEach((name, type) -> columns.add(column(name, type)));
    this.table =
        CfnTable.Builder.create(this, "EventsTable")
            .catalogId(Aws.ACCOUNT_ID)
            .databaseName(settings.database())
            .tableInput(
                CfnTable.TableInputProperty.builder()
                    .name(settings.table())
                    .description("Hydrant NDJSON events as Firehose writes them (plain or GZIP)")
                    .tableType("EXTERNAL_TABLE")
                    .parameters(parameters)
                    .partitionKeys(partitionKeys)
                    .storageDescriptor(
                        CfnTable.StorageDescriptorProperty.builder()
                            .location(location)
                            .columns(columns)
                            .inputFormat("org.apache.hadoop.mapred.TextInputFormat")
                            .outputFormat(
                                "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")
                            .serdeInfo(
                                CfnTable.SerdeInfoProperty.builder()
                                    .serializationLibrary("org.openx.data.jsonserde.JsonSerDe")
                                    .build())
                            .build())
                    .build())
            .build();
    table.addDependency(database);

    Bucket results =
        Bucket.Builder.create(this, "QueryResults")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .serverAccessLogsBucket(accessLogs)
            .serverAccessLogsPrefix("query-results/")
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-query-results")
                        .expiration(Duration.days(settings.resultExpirationDays()))
                        .build()))
            .removalPolicy(removal)
            .build();
    CfnWorkGroup workGroup =
        CfnWorkGroup.Builder.create(this, "WorkGroup")
            .name(settings.workGroup())
            .description("Hydrant telemetry queries; results encrypted, settings enforced")
            .recursiveDeleteOption(true)
            .workGroupConfiguration(
                CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                    .enforceWorkGroupConfiguration(true)
                    .publishCloudWatchMetricsEnabled(true)
                    .bytesScannedCutoffPerQuery(settings.bytesScannedCutoff())
                    .resultConfiguration(
                        CfnWorkGroup.ResultConfigurationProperty.builder()
                            .outputLocation("s3://" + results.getBucketName() + "/athena/")
                            .encryptionConfiguration(
                                CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                    .encryptionOption("SSE_S3")
                                    .build())
                            .build())
                    .build())
            .build();

    for (Map.Entry<String, String> query : QUERIES.entrySet()) {
      CfnNamedQuery named =
          CfnNamedQuery.Builder.create(this, query.getKey())
              .name("hydrant-" + query.getKey())
              .description(query.getValue())
              .database(settings.database())
              .workGroup(workGroup.getRef())
              .queryString(sql(query.getKey()))
              .build();
      named.addDependency(workGroup);
      named.addDependency(table);
    }
  }

  private static Map<String, String> queries() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("video-quality-by-firmware-and-model", "Video quality by device model and firmware");
    q.put("latency-by-network-operator", "Network latency percentiles by operator");
    q.put("uptime-and-reboots", "Reboots and uptime per device");
    q.put("seq-gaps-per-device", "Lost events per device (seq gaps)");
    q.put("duplicates-per-device", "Duplicated events per device");
    return java.util.Collections.unmodifiableMap(q);
  }

  /** The SQL of named query {@code name}, from {@code queries/<name>.sql} on the classpath. */
  public static String sql(String name) {
    String resource = "queries/" + name + ".sql";
    try (InputStream in = TelemetryCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing query resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CfnTable.ColumnProperty column(String name, String type) {
    return CfnTable.ColumnProperty.builder().name(name).type(type).build();
  }

  /** The Glue table (L1). */
  public CfnTable table() {
    return table;
  }
}
