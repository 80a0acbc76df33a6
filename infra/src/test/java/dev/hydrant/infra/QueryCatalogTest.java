package dev.hydrant.infra;

import static dev.hydrant.infra.SynthesizedProxy.json;
import static dev.hydrant.infra.SynthesizedProxy.named;
import static dev.hydrant.infra.SynthesizedProxy.resources;
import static dev.hydrant.infra.SynthesizedProxy.single;
import static dev.hydrant.infra.SynthesizedProxy.singleId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Glue table, partition projection, Athena workgroup and named queries (default context). */
class QueryCatalogTest {

  private static final Path GOLDEN =
      Path.of("..", "sdk-core", "src", "test", "resources", "golden");

  private static SynthesizedProxy synth;

  @BeforeAll
  static void synthesize() {
    synth = SynthesizedProxy.defaults();
  }

  @Test
  void tableColumnsAreExactlyTheWireFieldsOfTheGoldenEventsWithMatchingTypes() throws IOException {
    Map<String, String> wire = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(GOLDEN)) {
      files = list.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList();
    }
    assertEquals(4, files.size(), "golden event files " + files);
    ObjectMapper mapper = new ObjectMapper();
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        for (Map.Entry<String, JsonNode> field : mapper.readTree(line).properties()) {
          String type = athenaType(field.getValue());
          String before = wire.putIfAbsent(field.getKey(), type);
          assertTrue(
              before == null || before.equals(type), field.getKey() + ": " + before + "/" + type);
        }
      }
    }

    Map<String, String> columns = new LinkedHashMap<>();
    tableInput()
        .path("StorageDescriptor")
        .path("Columns")
        .forEach(c -> columns.put(c.path("Name").asText(), c.path("Type").asText()));
    assertEquals(new java.util.TreeMap<>(wire), new java.util.TreeMap<>(columns));
  }

  private static String athenaType(JsonNode value) {
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isIntegralNumber()) {
      return "bigint";
    }
    if (value.isNumber()) {
      return "double";
    }
    return "string";
  }

  @Test
  void partitionProjectionFollowsTheFirehosePrefix() {
    JsonNode input = tableInput();
    assertEquals("EXTERNAL_TABLE", input.path("TableType").asText());
    assertEquals(
        json(
            "[{\"Name\":\"year\",\"Type\":\"string\"},{\"Name\":\"month\",\"Type\":\"string\"},"
                + "{\"Name\":\"day\",\"Type\":\"string\"},{\"Name\":\"hour\",\"Type\":\"string\"}]"),
        input.path("PartitionKeys"));
    JsonNode p = input.path("Parameters");
    assertEquals("true", p.path("projection.enabled").asText());
    assertEquals("integer", p.path("projection.year.type").asText());
    assertEquals("2024,2099", p.path("projection.year.range").asText());
    assertEquals("1,12", p.path("projection.month.range").asText());
    assertEquals("2", p.path("projection.month.digits").asText());
    assertEquals("1,31", p.path("projection.day.range").asText());
    assertEquals("0,23", p.path("projection.hour.range").asText());
    assertEquals("2", p.path("projection.hour.digits").asText());
    String template = p.path("storage.location.template").toString();
    assertTrue(
        template.contains("/telemetry/year=${year}/month=${month}/day=${day}/hour=${hour}/"),
        template);
    JsonNode storage = input.path("StorageDescriptor");
    assertEquals(
        "org.openx.data.jsonserde.JsonSerDe",
        storage.path("SerdeInfo").path("SerializationLibrary").asText());
    assertEquals("org.apache.hadoop.mapred.TextInputFormat", storage.path("InputFormat").asText());
    assertTrue(storage.path("Location").toString().contains("/telemetry/"), storage.toString());
    assertEquals(
        "hydrant",
        single(synth.storageJson, "AWS::Glue::Database")
            .path("Properties")
            .path("DatabaseInput")
            .path("Name")
            .asText());
  }

  @Test
  void workGroupEnforcesEncryptedResultsInItsOwnBucket() {
    JsonNode wg = single(synth.storageJson, "AWS::Athena::WorkGroup").path("Properties");
    assertEquals("hydrant", wg.path("Name").asText());
    JsonNode config = wg.path("WorkGroupConfiguration");
    assertTrue(config.path("EnforceWorkGroupConfiguration").asBoolean(false));
    assertEquals(1_000_000_000_000L, config.path("BytesScannedCutoffPerQuery").asLong());
    JsonNode results = config.path("ResultConfiguration");
    assertEquals(
        "SSE_S3", results.path("EncryptionConfiguration").path("EncryptionOption").asText());
    String resultsBucketId = singleIdStartingWith("CatalogQueryResults");
    assertTrue(
        results.path("OutputLocation").toString().contains(resultsBucketId),
        results.path("OutputLocation").toString());
    JsonNode bucket = synth.storageJson.path("Resources").path(resultsBucketId).path("Properties");
    assertEquals(
        "AES256",
        bucket
            .path("BucketEncryption")
            .path("ServerSideEncryptionConfiguration")
            .get(0)
            .path("ServerSideEncryptionByDefault")
            .path("SSEAlgorithm")
            .asText());
    assertEquals(
        30,
        bucket
            .path("LifecycleConfiguration")
            .path("Rules")
            .get(0)
            .path("ExpirationInDays")
            .asInt());
    assertEquals(
        "query-results/", bucket.path("LoggingConfiguration").path("LogFilePrefix").asText());
  }

  @Test
  void namedQueriesAreTheSqlOfDocsQueriesMdInTheWorkGroup() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "queries.md"));
    Map<String, JsonNode> queries = resources(synth.storageJson, "AWS::Athena::NamedQuery");
    assertEquals(TelemetryCatalog.QUERIES.size(), queries.size());
    String workGroupId = singleId(synth.storageJson, "AWS::Athena::WorkGroup");
    for (String name : TelemetryCatalog.QUERIES.keySet()) {
      JsonNode query = namedQuery("hydrant-" + name, queries);
      String sql = TelemetryCatalog.sql(name);
      assertEquals(sql, query.path("QueryString").asText());
      assertEquals("hydrant", query.path("Database").asText());
      assertEquals(json("{\"Ref\":\"" + workGroupId + "\"}"), query.path("WorkGroup"));
      assertTrue(docs.contains("```sql\n" + sql + "```"), "docs/queries.md shows " + name);
      assertTrue(sql.contains("FROM events"), name);
      assertTrue(sql.contains("year = date_format(current_date, '%Y')"), name + " prunes");
    }
  }

  private static JsonNode namedQuery(String name, Map<String, JsonNode> queries) {
    for (JsonNode query : queries.values()) {
      if (name.equals(query.path("Properties").path("Name").asText())) {
        return query.path("Properties");
      }
    }
    throw new AssertionError("no named query " + name);
  }

  private static JsonNode tableInput() {
    return named(synth.storageJson, "AWS::Glue::Table", "CatalogEventsTable")
        .path("Properties")
        .path("TableInput");
  }

  private static String singleIdStartingWith(String prefix) {
    List<String> ids =
        resources(synth.storageJson, "AWS::S3::Bucket").keySet().stream()
            .filter(id -> id.startsWith(prefix))
            .toList();
    assertEquals(1, ids.size(), ids.toString());
    return ids.get(0);
  }
}
