package dev.mle4j.nlp.quantize;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.report.Charts;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.RunOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Files written for a {@link ModelComparison}: JSON, charts, report. */
final class ComparisonOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ComparisonOutputs() {}

  static Map<String, Object> reportMap(QuantizationReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("quantized_nodes", r.quantizedNodes());
    List<Map<String, String>> skipped = new ArrayList<>();
    for (SkippedNode s : r.skippedNodes()) {
      skipped.add(Map.of("node", s.node(), "reason", s.reason()));
    }
    m.put("skipped_nodes", skipped);
    m.put("bytes_before", r.bytesBefore());
    m.put("bytes_after", r.bytesAfter());
    m.put("size_ratio", r.sizeRatio());
    return m;
  }

  static List<Path> charts(RunOutput out, ModelComparison c) {
    List<Integer> threads = c.fp32().latency().stream().map(LatencyProfile::threads).toList();
    List<Path> charts = new ArrayList<>();
    List<String> cats = new ArrayList<>();
    double[] p50a = new double[threads.size()];
    double[] p50b = new double[threads.size()];
    double[] p99a = new double[threads.size()];
    double[] p99b = new double[threads.size()];
    double[] tpa = new double[threads.size() * 2];
    double[] tpb = new double[threads.size() * 2];
    List<String> tpCats = new ArrayList<>();
    for (int k = 0; k < threads.size(); k++) {
      LatencyProfile a = c.fp32().latency().get(k);
      LatencyProfile b = c.int8().latency().get(k);
      cats.add(a.threads() + " thread(s)");
      p50a[k] = a.p50MsBatch1();
      p50b[k] = b.p50MsBatch1();
      p99a[k] = a.p99MsBatch1();
      p99b[k] = b.p99MsBatch1();
      tpCats.add("batch 8, " + a.threads() + "t");
      tpCats.add("batch 32, " + a.threads() + "t");
      tpa[2 * k] = a.throughputBatch8();
      tpa[2 * k + 1] = a.throughputBatch32();
      tpb[2 * k] = b.throughputBatch8();
      tpb[2 * k + 1] = b.throughputBatch32();
    }
    Map<String, double[]> lat = new LinkedHashMap<>();
    lat.put("FP32 p50", p50a);
    lat.put("INT8 p50", p50b);
    lat.put("FP32 p99", p99a);
    lat.put("INT8 p99", p99b);
    Path latency = out.file("latency_batch1.png");
    Charts.bars(latency, "Batch-1 latency (ms), FP32 vs INT8", cats, lat);
    charts.add(latency);
    Map<String, double[]> tp = new LinkedHashMap<>();
    tp.put("FP32", tpa);
    tp.put("INT8", tpb);
    Path throughput = out.file("throughput.png");
    Charts.bars(throughput, "Throughput (texts/s)", tpCats, tp);
    charts.add(throughput);
    if (c.fp32().accuracy() != null) {
      Map<String, double[]> q = new LinkedHashMap<>();
      q.put("FP32", new double[] {c.fp32().accuracy(), c.fp32().macroF1()});
      q.put("INT8", new double[] {c.int8().accuracy(), c.int8().macroF1()});
      Path quality = out.file("quality.png");
      Charts.bars(quality, "Test quality", List.of("accuracy", "macro F1"), q);
      charts.add(quality);
    }
    Map<String, double[]> size = new LinkedHashMap<>();
    size.put("MB", new double[] {c.fp32().sizeBytes() / 1e6, c.int8().sizeBytes() / 1e6});
    Path sizeChart = out.file("size.png");
    Charts.bars(sizeChart, "Model size (MB)", List.of("FP32", "INT8"), size);
    charts.add(sizeChart);
    return charts;
  }

  static void writeReport(
      RunOutput out,
      String title,
      String subtitle,
      ModelComparison c,
      QuantizationReport qr,
      List<Path> charts) {
    CpuInt8Support cpu = c.cpu();
    List<List<?>> rows = new ArrayList<>();
    for (PrecisionResult r : List.of(c.fp32(), c.int8())) {
      for (LatencyProfile l : r.latency()) {
        rows.add(
            List.of(
                r.precision(),
                l.threads(),
                fmt(r.accuracy()),
                fmt(r.macroF1()),
                mb(r.sizeBytes()),
                fmt(l.p50MsBatch1()),
                fmt(l.p99MsBatch1()),
                fmt(l.throughputBatch8()),
                fmt(l.throughputBatch32())));
      }
    }
    HtmlReport.Builder h =
        HtmlReport.builder(title)
            .subtitle(subtitle + " on this CPU (" + cpu.model() + ", " + cpu.level() + ")")
            .section("Summary")
            .keyValues(summary(c))
            .section("FP32 vs INT8")
            .table(
                List.of(
                    "precision",
                    "threads",
                    "accuracy",
                    "macro F1",
                    "size MB",
                    "p50 ms (batch 1)",
                    "p99 ms (batch 1)",
                    "texts/s (batch 8)",
                    "texts/s (batch 32)"),
                rows);
    for (Path p : charts) {
      h.image(p, p.getFileName().toString());
    }
    h.section("Quantizer")
        .paragraph(
            qr.quantizedNodes().size()
                + " nodes quantized, "
                + qr.skippedNodes().size()
                + " skipped; "
                + mb(qr.bytesBefore())
                + " MB -> "
                + mb(qr.bytesAfter())
                + " MB.");
    h.build().write(out.file(RunOutput.REPORT_FILE));
  }

  private static Map<String, Object> summary(ModelComparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accuracy drop (points)", c.accuracyDrop() == null ? "-" : fmt(c.accuracyDrop() * 100));
    m.put("batch-1 p50 speed-up", "x" + fmt(c.speedupP50Batch1()));
    m.put("label agreement FP32 / INT8", fmt(c.agreement()));
    m.put("recommended", c.recommended());
    m.put("warnings", c.warnings().isEmpty() ? "none" : String.join("; ", c.warnings()));
    return m;
  }

  static void writeJson(Path file, Map<String, Object> map) {
    try {
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(map));
    } catch (IOException e) {
      throw new MlException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }

  static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
