package io.github.go4j.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * Draws the report's chart with XChart: for every workload, the ratio go4j/peer of each peer, on a
 * logarithmic axis (2x slower and 2x faster lie equally far from parity) with a line at 1.
 */
final class RatioChart {
  private RatioChart() {}

  /**
   * Writes the chart as a PNG.
   *
   * @param report the report
   * @param png the file to write; ".png" is appended by XChart if missing
   * @return whether a chart was written (false if no ratio exists)
   * @throws IOException if the file cannot be written
   */
  static boolean write(Report report, Path png) throws IOException {
    List<Report.Row> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Report.Row r : report.rows()) {
      // ns per message (or item) only (not the floor's hand-offs, not bytes), where go4j ran
      Workloads.Kind kind = r.section().kind();
      if ((kind == Workloads.Kind.TIME || kind == Workloads.Kind.PATTERNS)
          && r.byPeer().containsKey("go4j")) {
        rows.add(r);
        labels.add(r.label());
      }
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Math.max(1000, 46 * labels.size() + 200))
            .height(720)
            .title("go4j time per message / peer's (below 1: go4j faster; log scale)")
            .yAxisTitle("go4j / peer")
            .build();
    Styler styler = chart.getStyler();
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setOverlapped(true); // a workload's markers share one x position
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setMarkerSize(11);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setChartBackgroundColor(java.awt.Color.WHITE);
    boolean any = false;
    for (String peer : report.peers()) {
      if (peer.equals("go4j")) {
        continue;
      }
      List<Double> ratios = new ArrayList<>();
      boolean has = false;
      for (Report.Row r : rows) {
        double v = r.ratio(peer);
        has |= !Double.isNaN(v);
        ratios.add(Double.isNaN(v) ? null : v);
      }
      if (has) {
        chart.addSeries("vs " + Report.peerName(peer), labels, ratios);
        any = true;
      }
    }
    if (!any) {
      return false;
    }
    chart.addAnnotation(new AnnotationLine(1.0, false, false));
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }
}
