package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.Route;
import dev.hydrant.testkit.DeliveredRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClientRunTest {

  @Test
  void survivesTheTripFromChildToParent() {
    HydrantLoad.ClientRun run =
        new HydrantLoad.ClientRun(
            300_000, 10.25, true, 300_000, 0, 40, 123_456_789, 150_000, 900_000, 31_000_000, 7);
    assertEquals(run, HydrantLoad.ClientRun.parse(run.toLine()));
  }

  @Test
  void clientSettingsSurviveTheTripToTheChild() {
    ClientSettings settings = new ClientSettings(Route.SINGLE, 4_194_304, 0, 3);
    assertEquals(settings, ClientSettings.fromArgs(settings.toArgs(), 0));
  }

  @Test
  void malformedLinesAreRefusedNamingTheProblem() {
    assertEquals(
        "missing field seconds",
        assertThrows(
                IllegalArgumentException.class, () -> HydrantLoad.ClientRun.parse("accepted=1"))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> HydrantLoad.ClientRun.parse("junk"))
            .getMessage()
            .startsWith("not a key=value pair: 'junk'"));
  }

  @Test
  void aRunIsLossFreeOnlyWhenClientAndEmulatorAgreeWithWhatWasAccepted() {
    DeliveryCounter counter = new DeliveryCounter();
    counter.delivered(
        new DeliveredRecord("s", "r", "a\nb\nc\n".getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
    HydrantLoad.ClientRun ok = new HydrantLoad.ClientRun(3, 1, true, 3, 0, 1, 10, 1, 1, 1, 7);
    assertTrue(HydrantLoad.result("hydrant", 1, 0, ok, counter, 0).lossFree());
    HydrantLoad.ClientRun moreAccepted =
        new HydrantLoad.ClientRun(4, 1, true, 4, 0, 1, 10, 1, 1, 1, 7);
    RunResult lost = HydrantLoad.result("hydrant", 1, 0, moreAccepted, counter, 0);
    assertFalse(lost.lossFree());
    assertEquals(1, lost.failures());
    HydrantLoad.ClientRun notFlushed =
        new HydrantLoad.ClientRun(3, 1, false, 3, 0, 1, 10, 1, 1, 1, 7);
    assertFalse(HydrantLoad.result("hydrant", 1, 0, notFlushed, counter, 0).lossFree());
  }
}
