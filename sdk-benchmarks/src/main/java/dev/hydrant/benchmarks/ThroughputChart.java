package dev.hydrant.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders events/s against producer threads as a standalone SVG: one line per client and emulator
 * latency, logarithmic y axis (Hydrant and the naive client differ by orders of magnitude).
 */
final class ThroughputChart {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 460;
  private static final int LEFT = 80;
  private static final int RIGHT = 220;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};

  private ThroughputChart() {}

  /**
   * The chart as SVG text.
   *
   * @throws IllegalArgumentException if there is no run with a positive rate to draw
   */
  private static String label(String client) {
    if (client.startsWith("hydrant")) {
      return "Hydrant" + client.substring(7);
    }
    return client.equals("awssdk") ? "AWS SDK" : client;
  }

  static String svg(List<RunResult> results) {
    Map<String, List<RunResult>> series = new LinkedHashMap<>();
    TreeSet<Integer> threads = new TreeSet<>();
    double min = Double.MAX_VALUE;
    double max = 0;
    for (RunResult r : results) {
      if (r.eventsPerSecond() <= 0) {
        continue;
      }
      String name =
          label(r.client())
              + (r.latencyMillis() == 0 ? ", loopback" : ", " + r.latencyMillis() + " ms latency");
      series.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
      threads.add(r.threads());
      min = Math.min(min, r.eventsPerSecond());
      max = Math.max(max, r.eventsPerSecond());
    }
    if (series.isEmpty()) {
      throw new IllegalArgumentException("no run delivered any event; nothing to chart");
    }
    int lowExp = (int) Math.floor(Math.log10(min));
    int highExp = Math.max(lowExp + 1, (int) Math.ceil(Math.log10(max)));
    List<Integer> xs = new ArrayList<>(threads);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;

    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    s.append(
        String.format(
            Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"28\" font-size=\"15\" font-weight=\"bold\">Events delivered per"
                + " second vs producer threads (log scale)</text>%n",
            LEFT));
    for (int e = lowExp; e <= highExp; e++) {
      double y = TOP + plotH - (double) (e - lowExp) / (highExp - lowExp) * plotH;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              y,
              LEFT + plotW,
              y,
              LEFT - 8,
              y + 4,
              powerLabel(e)));
    }
    for (int i = 0; i < xs.size(); i++) {
      double x = xPos(i, xs.size(), plotW);
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
              x,
              TOP + plotH + 20,
              xs.get(i)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">producer threads</text>%n"
                + "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">"
                + "events/s</text>%n",
            LEFT,
            TOP,
            plotW,
            plotH,
            LEFT + plotW / 2,
            HEIGHT - 15,
            TOP + plotH / 2,
            TOP + plotH / 2));
    int k = 0;
    for (Map.Entry<String, List<RunResult>> entry : series.entrySet()) {
      String color = COLORS[k % COLORS.length];
      String dash = entry.getKey().startsWith("Hydrant") ? "" : " stroke-dasharray=\"6 4\"";
      StringBuilder points = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (RunResult r : entry.getValue()) {
        double x = xPos(xs.indexOf(r.threads()), xs.size(), plotW);
        double y =
            TOP + plotH - (Math.log10(r.eventsPerSecond()) - lowExp) / (highExp - lowExp) * plotH;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        dots.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s, %d threads: %,.0f"
                    + " events/s</title></circle>%n",
                x,
                y,
                color,
                entry.getKey(),
                r.threads(),
                r.eventsPerSecond()));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
              points.toString().trim(),
              color,
              dash));
      s.append(dots);
      int ly = TOP + 10 + k * 22;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              LEFT + plotW + 15,
              ly,
              LEFT + plotW + 45,
              ly,
              color,
              dash,
              LEFT + plotW + 52,
              ly + 4,
              entry.getKey()));
      k++;
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static double xPos(int index, int count, int plotW) {
    return count == 1
        ? LEFT + plotW / 2.0
        : LEFT + 30 + (double) index / (count - 1) * (plotW - 60);
  }

  private static String powerLabel(int exponent) {
    if (exponent >= 0 && exponent <= 9) {
      return String.format(Locale.ROOT, "%,d", (long) Math.pow(10, exponent));
    }
    return "1e" + exponent;
  }
}
