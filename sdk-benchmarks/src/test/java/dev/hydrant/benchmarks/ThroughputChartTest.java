package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ThroughputChartTest {

  @Test
  void drawsOneLinePerClientAndLatencyAsWellFormedSvg() throws Exception {
    List<RunResult> runs =
        List.of(
            run("hydrant", 1, 0, 100_000),
            run("naive", 1, 0, 2_000),
            run("hydrant", 2, 0, 150_000),
            run("naive", 2, 0, 3_000),
            run("hydrant", 1, 50, 90_000),
            run("naive", 1, 50, 19));
    String svg = ThroughputChart.svg(runs);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getNodeName());
    assertEquals(4, doc.getElementsByTagName("polyline").getLength());
    assertEquals(6, doc.getElementsByTagName("circle").getLength());
    // Log axis from 10 (below the slowest run) to 1,000,000 (above the fastest): 6 grid lines.
    assertEquals(
        6 + 4, doc.getElementsByTagName("line").getLength(), "grid lines plus legend swatches");
  }

  @Test
  void refusesToDrawNothing() {
    assertThrows(IllegalArgumentException.class, () -> ThroughputChart.svg(List.of()));
  }

  private static RunResult run(String client, int threads, long latency, long eventsPerSecond) {
    return new RunResult(
        client,
        threads,
        latency,
        1.0,
        eventsPerSecond,
        eventsPerSecond,
        1,
        1,
        1,
        1,
        5120,
        1,
        1,
        1,
        1,
        0,
        0.0);
  }
}
