package dev.mle4j.rag.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.data.Fingerprints;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.report.Charts;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.MetricsFile;
import dev.mle4j.core.report.RunOutput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a RAG evaluation run into an output folder (see {@link RunOutput}): {@code metrics.json},
 * {@code model-card.json}, PNG charts, per-question CSV/JSONL files and {@code report.html}.
 *
 * <p>{@code metrics.json} has {@code "task": "rag"}; {@code models} holds one entry per retrieval
 * strategy with its flat metrics ({@code ndcg_at_10}, {@code recall_at_10}, {@code mrr}, {@code
 * p50_ms}, ...). Without retrieval results, {@code models} holds the generation metrics of each
 * configuration instead. Further keys: {@code questions}, {@code retrieval_by_type}, {@code
 * generation} (configuration to primary metric means and refusal rates), {@code generation_methods}
 * (configuration to metric to method label), {@code failures} (configuration to category counts)
 * and {@code costs} (configuration to tokens, stage latencies and cost).
 *
 * <pre>{@code
 * RagEvaluationReport.builder("beir-scifact").retrieval(results).build().write(outDir);
 * }</pre>
 */
public final class RagEvaluationReport {

  private static final Logger LOG = LoggerFactory.getLogger(RagEvaluationReport.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ANSWER_SNIPPET = 300;

  private final String dataset;
  private final RetrievalResults retrieval;
  private final List<Configuration> configurations;
  private final Map<String, String> parameters;
  private final Map<String, Object> extras;
  private final Instant createdAt;

  private RagEvaluationReport(Builder b) {
    this.dataset = b.dataset;
    this.retrieval = b.retrieval;
    this.configurations = List.copyOf(b.configurations.values());
    this.parameters = Map.copyOf(b.parameters);
    this.extras = new LinkedHashMap<>(b.extras);
    this.createdAt = b.createdAt;
  }

  /**
   * A builder.
   *
   * @param dataset dataset name, e.g. {@code postgres-qa} or {@code scifact}
   * @return the builder
   * @throws MlException when the name is blank
   */
  public static Builder builder(String dataset) {
    return new Builder(dataset);
  }

  /**
   * One evaluated RAG configuration (retriever + generator).
   *
   * @param name configuration name, e.g. {@code hybrid-rerank+gpt-4o-mini}
   * @param samples the answered questions
   * @param scores their generation metrics
   * @param failures their failure categories
   * @param cost tokens, latency and cost, or null
   */
  public record Configuration(
      String name,
      List<RagSample> samples,
      GenerationResults scores,
      FailureAnalysis failures,
      CostRow cost) {
    /** Validates and copies. */
    public Configuration {
      if (name == null || name.isBlank()) {
        throw new MlException("configuration name must not be blank");
      }
      samples = List.copyOf(samples);
      Objects.requireNonNull(scores, "scores");
      Objects.requireNonNull(failures, "failures");
    }
  }

  /**
   * Writes every file into the folder (created if needed).
   *
   * @param outDir the output folder
   * @return the written files
   * @throws MlException when a file cannot be written
   */
  public List<Path> write(Path outDir) {
    RunOutput out = RunOutput.create(outDir);
    List<Path> files = new ArrayList<>();
    files.add(out.writeMetrics(metricsFile()));
    files.add(out.writeModelCard(modelCard()));
    List<Chart> charts = charts(out);
    charts.forEach(c -> files.add(c.file()));
    files.addAll(perQuestionFiles(out));
    Path html = out.file(RunOutput.REPORT_FILE);
    html(charts).write(html);
    files.add(html);
    LOG.info("RAG evaluation report written to {} ({} files)", out.dir(), files.size());
    return files;
  }

  /**
   * The content of {@code metrics.json}.
   *
   * @return the metrics file
   */
  public MetricsFile metricsFile() {
    Map<String, Map<String, Double>> models = new LinkedHashMap<>();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("questions", questionCount());
    extra.putAll(extras);
    if (retrieval != null) {
      models.putAll(retrieval.metrics());
      Map<String, Object> byType = new LinkedHashMap<>();
      for (StrategyResult s : retrieval.strategies()) {
        Map<String, Object> types = new LinkedHashMap<>();
        s.byType().forEach((t, m) -> types.put(t.jsonName(), m));
        byType.put(s.name(), types);
      }
      extra.put("retrieval_by_type", byType);
    } else {
      configurations.forEach(c -> models.put(c.name(), c.scores().flatMetrics()));
    }
    if (!configurations.isEmpty()) {
      Map<String, Object> gen = new LinkedHashMap<>();
      Map<String, Object> methods = new LinkedHashMap<>();
      Map<String, Object> failures = new LinkedHashMap<>();
      Map<String, Object> costs = new LinkedHashMap<>();
      for (Configuration c : configurations) {
        gen.put(c.name(), c.scores().flatMetrics());
        methods.put(c.name(), c.scores().methods());
        failures.put(c.name(), c.failures().countsByName());
        if (c.cost() != null) {
          costs.put(c.name(), CostLatency.flat(c.cost()));
        }
      }
      extra.put("generation", gen);
      extra.put("generation_methods", methods);
      extra.put("failures", failures);
      if (!costs.isEmpty()) {
        extra.put("costs", costs);
      }
    }
    return new MetricsFile(dataset, "rag", models, extra);
  }

  private int questionCount() {
    if (retrieval != null) {
      return retrieval.strategies().get(0).perQuestion().size();
    }
    return configurations.get(0).samples().size();
  }

  private ModelCard modelCard() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (retrieval != null) {
      for (StrategyResult s : retrieval.strategies()) {
        for (String k : List.of("ndcg_at_10", "recall_at_10", "recall_at_5", "mrr", "p50_ms")) {
          Double v = s.metrics().get(k);
          if (v != null) {
            metrics.put(snake(s.name()) + "_" + k, v);
          }
        }
      }
    }
    for (Configuration c : configurations) {
      c.scores().flatMetrics().forEach((k, v) -> metrics.put(snake(c.name()) + "_" + k, v));
    }
    Map<String, String> params = new LinkedHashMap<>(new java.util.TreeMap<>(parameters));
    if (retrieval != null) {
      params.put(
          "strategies",
          String.join(",", retrieval.strategies().stream().map(StrategyResult::name).toList()));
    }
    if (!configurations.isEmpty()) {
      params.put(
          "configurations",
          String.join(",", configurations.stream().map(Configuration::name).toList()));
    }
    return new ModelCard(
        "rag-eval-" + dataset,
        "",
        "rag",
        "rag-eval/v1",
        List.of(),
        metrics,
        fingerprint(),
        params,
        createdAt);
  }

  private String fingerprint() {
    List<String> parts = new ArrayList<>();
    if (retrieval != null) {
      for (RetrievalQuestionResult r : retrieval.strategies().get(0).perQuestion()) {
        parts.add(r.questionId());
      }
    }
    for (Configuration c : configurations) {
      for (RagSample s : c.samples()) {
        parts.add(
            s.question().id() + "\t" + s.question().question() + "\t" + s.question().graded());
      }
    }
    return Fingerprints.sha256OfStrings(parts);
  }

  // ------------------------------------------------------------------ charts

  private record Chart(Path file, String caption, String section) {}

  private List<Chart> charts(RunOutput out) {
    List<Chart> charts = new ArrayList<>();
    if (retrieval != null) {
      List<String> names = retrieval.strategies().stream().map(StrategyResult::name).toList();
      Map<String, double[]> series = new LinkedHashMap<>();
      for (String[] m :
          new String[][] {
            {"ndcg_at_10", "nDCG@10"},
            {"recall_at_5", "Recall@5"},
            {"recall_at_10", "Recall@10"},
            {"mrr", "MRR"}
          }) {
        if (retrieval.strategies().stream().allMatch(s -> s.metrics().containsKey(m[0]))) {
          series.put(
              m[1],
              retrieval.strategies().stream().mapToDouble(s -> s.metrics().get(m[0])).toArray());
        }
      }
      Path p = out.file("retrieval-comparison.png");
      Charts.bars(p, "Retrieval strategies", names, series);
      charts.add(new Chart(p, "Retrieval quality per strategy", "retrieval"));
      Map<String, double[]> lat = new LinkedHashMap<>();
      lat.put(
          "p50", retrieval.strategies().stream().mapToDouble(s -> s.latency().p50Ms()).toArray());
      lat.put(
          "p95", retrieval.strategies().stream().mapToDouble(s -> s.latency().p95Ms()).toArray());
      lat.put(
          "p99", retrieval.strategies().stream().mapToDouble(s -> s.latency().p99Ms()).toArray());
      p = out.file("retrieval-latency.png");
      Charts.bars(p, "Retrieval latency (ms)", names, lat);
      charts.add(new Chart(p, "Retrieval latency per query (ms)", "retrieval"));
      Set<QuestionType> types = EnumSet.noneOf(QuestionType.class);
      retrieval.strategies().forEach(s -> types.addAll(s.byType().keySet()));
      if (types.size() > 1) {
        List<String> typeNames = types.stream().map(QuestionType::jsonName).toList();
        Map<String, double[]> perType = new LinkedHashMap<>();
        for (StrategyResult s : retrieval.strategies()) {
          perType.put(
              s.name(),
              types.stream()
                  .mapToDouble(
                      t -> s.byType().getOrDefault(t, Map.of()).getOrDefault("ndcg_at_10", 0.0))
                  .toArray());
        }
        p = out.file("retrieval-by-type.png");
        Charts.bars(p, "nDCG@10 per question type", typeNames, perType);
        charts.add(new Chart(p, "nDCG@10 per question type", "retrieval"));
      }
      for (StrategyResult s : retrieval.strategies()) {
        double[] v =
            s.perQuestion().stream()
                .filter(r -> r.metrics().containsKey("ndcg_at_10"))
                .mapToDouble(r -> r.metrics().get("ndcg_at_10"))
                .toArray();
        p = out.file("ndcg-distribution-" + fileSafe(s.name()) + ".png");
        Charts.histogram(p, "Per-question nDCG@10: " + s.name(), "nDCG@10", v, 10);
        charts.add(new Chart(p, "Distribution of per-question nDCG@10, " + s.name(), "retrieval"));
      }
    }
    if (!configurations.isEmpty()) {
      charts.addAll(generationCharts(out));
    }
    return charts;
  }

  private List<Chart> generationCharts(RunOutput out) {
    List<Chart> charts = new ArrayList<>();
    List<String> configNames = configurations.stream().map(Configuration::name).toList();
    Set<String> common = null;
    for (Configuration c : configurations) {
      Set<String> keys = new LinkedHashSet<>(c.scores().flatMetrics().keySet());
      keys.removeAll(List.of("questions", "negative_questions"));
      if (common == null) {
        common = keys;
      } else {
        common.retainAll(keys);
      }
    }
    if (common != null && !common.isEmpty()) {
      List<String> metricNames = List.copyOf(common);
      Map<String, double[]> series = new LinkedHashMap<>();
      for (Configuration c : configurations) {
        Map<String, Double> m = c.scores().flatMetrics();
        series.put(c.name(), metricNames.stream().mapToDouble(m::get).toArray());
      }
      Path p = out.file("generation-metrics.png");
      Charts.bars(p, "Generation metrics", metricNames, series);
      charts.add(
          new Chart(p, "Generation metrics (primary method) per configuration", "generation"));
    }
    for (Configuration c : configurations) {
      for (String metric :
          List.of(GenerationEvaluator.ANSWER_CORRECTNESS, GenerationEvaluator.FAITHFULNESS)) {
        double[] v =
            c.scores().samples().stream()
                .mapToDouble(s -> s.value(metric))
                .filter(Double::isFinite)
                .toArray();
        if (v.length > 0) {
          Path p = out.file(metric.replace('_', '-') + "-" + fileSafe(c.name()) + ".png");
          Charts.histogram(p, metric + ": " + c.name(), metric, v, 10);
          charts.add(new Chart(p, "Distribution of " + metric + ", " + c.name(), "generation"));
        }
      }
    }
    List<String> cats =
        Arrays.stream(FailureCategory.values()).map(FailureCategory::jsonName).toList();
    Map<String, double[]> fail = new LinkedHashMap<>();
    for (Configuration c : configurations) {
      fail.put(
          c.name(),
          Arrays.stream(FailureCategory.values())
              .mapToDouble(f -> c.failures().counts().getOrDefault(f, 0))
              .toArray());
    }
    Path p = out.file("failure-modes.png");
    Charts.bars(p, "Failure categories (questions)", cats, fail);
    charts.add(new Chart(p, "Questions per failure category", "failures"));
    for (Configuration c : configurations) {
      List<QuestionType> types = List.copyOf(c.failures().byType().keySet());
      Map<String, double[]> perType = new LinkedHashMap<>();
      for (FailureCategory f : FailureCategory.values()) {
        perType.put(
            f.jsonName(),
            types.stream()
                .mapToDouble(t -> c.failures().byType().get(t).getOrDefault(f, 0))
                .toArray());
      }
      p = out.file("failures-by-type-" + fileSafe(c.name()) + ".png");
      Charts.bars(
          p,
          "Failure categories per question type: " + c.name(),
          types.stream().map(QuestionType::jsonName).toList(),
          perType);
      charts.add(new Chart(p, "Failure categories per question type, " + c.name(), "failures"));
    }
    List<Configuration> costed = configurations.stream().filter(c -> c.cost() != null).toList();
    if (!costed.isEmpty()) {
      Map<String, double[]> lat = new LinkedHashMap<>();
      for (Configuration c : costed) {
        CostRow r = c.cost();
        lat.put(
            c.name() + " p50",
            new double[] {r.retrieve().p50Ms(), r.rerank().p50Ms(), r.generate().p50Ms()});
        lat.put(
            c.name() + " p95",
            new double[] {r.retrieve().p95Ms(), r.rerank().p95Ms(), r.generate().p95Ms()});
      }
      p = out.file("latency-stages.png");
      Charts.bars(p, "Latency per stage (ms)", List.of("retrieve", "rerank", "generate"), lat);
      charts.add(new Chart(p, "Latency per stage (ms)", "cost"));
    }
    LOG.debug("generation charts for {}", configNames);
    return charts;
  }

  // ------------------------------------------------------------- per-question

  private List<Path> perQuestionFiles(RunOutput out) {
    List<Path> files = new ArrayList<>();
    if (retrieval != null) {
      StringBuilder csv = new StringBuilder();
      List<String> metricKeys = new ArrayList<>();
      for (StrategyResult s : retrieval.strategies()) {
        for (RetrievalQuestionResult r : s.perQuestion()) {
          if (!r.metrics().isEmpty()) {
            metricKeys.addAll(r.metrics().keySet());
            break;
          }
        }
        if (!metricKeys.isEmpty()) {
          break;
        }
      }
      List<String> header = new ArrayList<>(List.of("strategy", "question_id", "type"));
      header.addAll(metricKeys);
      header.addAll(List.of("latency_ms", "top_sources"));
      csv.append(csvRow(header));
      for (StrategyResult s : retrieval.strategies()) {
        for (RetrievalQuestionResult r : s.perQuestion()) {
          List<Object> row =
              new ArrayList<>(List.of(s.name(), r.questionId(), r.type().jsonName()));
          for (String k : metricKeys) {
            Double v = r.metrics().get(k);
            row.add(v == null ? "" : v);
          }
          row.add(r.latencyMs());
          row.add(String.join(" ", r.rankedSources()));
          csv.append(csvRow(row));
        }
      }
      Path p = out.file("retrieval-per-question.csv");
      AtomicFiles.writeString(p, csv.toString());
      files.add(p);
    }
    if (!configurations.isEmpty()) {
      StringBuilder jsonl = new StringBuilder();
      StringBuilder csv = new StringBuilder();
      List<String> metrics =
          List.of(
              GenerationEvaluator.FAITHFULNESS,
              GenerationEvaluator.ANSWER_RELEVANCY,
              GenerationEvaluator.CONTEXT_PRECISION,
              GenerationEvaluator.CONTEXT_RECALL,
              GenerationEvaluator.ANSWER_CORRECTNESS);
      List<String> header =
          new ArrayList<>(List.of("config", "question_id", "type", "category", "refused"));
      header.addAll(metrics);
      header.addAll(List.of("prompt_tokens", "completion_tokens", "total_ms"));
      csv.append(csvRow(header));
      for (Configuration c : configurations) {
        Map<String, SampleScores> scores = new LinkedHashMap<>();
        c.scores().samples().forEach(s -> scores.put(s.questionId(), s));
        Map<String, QuestionFailure> failures = new LinkedHashMap<>();
        c.failures().perQuestion().forEach(f -> failures.put(f.questionId(), f));
        for (RagSample s : c.samples()) {
          String id = s.question().id();
          SampleScores sc = scores.get(id);
          QuestionFailure f = failures.get(id);
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("config", c.name());
          row.put("question_id", id);
          row.put("type", s.question().type().jsonName());
          row.put("question", s.question().question());
          row.put("reference", s.question().answer());
          row.put("answer", s.answer().text());
          row.put("refused", sc != null && sc.refused());
          row.put("category", f == null ? null : f.category().jsonName());
          row.put("reason", f == null ? null : f.reason());
          row.put("relevant_sources", s.question().relevantSources());
          row.put("context_sources", s.contextSources());
          row.put("context_chunks", s.context().stream().map(x -> x.chunk().id()).toList());
          row.put("prompt_tokens", s.answer().promptTokens());
          row.put("completion_tokens", s.answer().completionTokens());
          row.put("retrieve_ms", s.retrieveMs());
          row.put("rerank_ms", s.rerankMs());
          row.put("generate_ms", s.generateMs());
          List<Map<String, Object>> list = new ArrayList<>();
          if (sc != null) {
            for (MetricScore m : sc.scores()) {
              Map<String, Object> e = new LinkedHashMap<>();
              e.put("metric", m.metric());
              e.put("value", m.value().isPresent() ? m.value().getAsDouble() : null);
              e.put("method", m.method());
              if (!m.note().isEmpty()) {
                e.put("note", m.note());
              }
              list.add(e);
            }
          }
          row.put("scores", list);
          try {
            jsonl.append(JSON.writeValueAsString(row)).append('\n');
          } catch (JsonProcessingException e) {
            throw new MlException("cannot serialise answer of question '" + id + "': " + e, e);
          }
          List<Object> cells =
              new ArrayList<>(
                  List.of(
                      c.name(),
                      id,
                      s.question().type().jsonName(),
                      f == null ? "" : f.category().jsonName(),
                      sc != null && sc.refused()));
          for (String m : metrics) {
            double v = sc == null ? Double.NaN : sc.value(m);
            cells.add(Double.isNaN(v) ? "" : v);
          }
          cells.add(s.answer().promptTokens());
          cells.add(s.answer().completionTokens());
          cells.add(s.retrieveMs() + s.rerankMs() + s.generateMs());
          csv.append(csvRow(cells));
        }
      }
      Path p = out.file("answers.jsonl");
      AtomicFiles.writeString(p, jsonl.toString());
      files.add(p);
      p = out.file("answers.csv");
      AtomicFiles.writeString(p, csv.toString());
      files.add(p);
    }
    return files;
  }

  // -------------------------------------------------------------------- html

  private HtmlReport html(List<Chart> charts) {
    HtmlReport.Builder h =
        HtmlReport.builder("RAG evaluation: " + dataset)
            .subtitle(
                questionCount()
                    + " questions"
                    + (retrieval == null
                        ? ""
                        : ", " + retrieval.strategies().size() + " retrieval strategies")
                    + (configurations.isEmpty()
                        ? ""
                        : ", " + configurations.size() + " RAG configurations"));
    if (!parameters.isEmpty()) {
      h.section("Parameters").keyValues(new java.util.TreeMap<>(parameters));
    }
    if (retrieval != null) {
      h.section("Retrieval");
      h.paragraph(
          "Document-level relevance: retrieved chunks are mapped to their document (metadata"
              + " 'source') keeping the first occurrence. Recall@K, Precision@K (divided by K),"
              + " MRR, nDCG@10 with graded gains and MAP over the questions with a relevant"
              + " document; negative questions are retrieved and timed but not scored. Latency is"
              + " wall time per retrieve call.");
      Set<String> keys = new LinkedHashSet<>();
      retrieval.strategies().forEach(s -> keys.addAll(s.metrics().keySet()));
      List<String> header = new ArrayList<>();
      header.add("strategy");
      header.addAll(keys);
      List<List<Object>> rows = new ArrayList<>();
      for (StrategyResult s : retrieval.strategies()) {
        List<Object> row = new ArrayList<>();
        row.add(s.name());
        keys.forEach(k -> row.add(s.metrics().get(k)));
        rows.add(row);
      }
      h.table(header, rows);
      List<List<Object>> typeRows = new ArrayList<>();
      for (StrategyResult s : retrieval.strategies()) {
        s.byType()
            .forEach(
                (t, m) ->
                    typeRows.add(
                        List.of(
                            s.name(),
                            t.jsonName(),
                            m.getOrDefault("queries", 0.0),
                            m.getOrDefault("ndcg_at_10", 0.0),
                            m.getOrDefault("recall_at_5", Double.NaN),
                            m.getOrDefault("mrr", 0.0))));
      }
      h.paragraph("Per question type:")
          .table(
              List.of("strategy", "type", "queries", "ndcg_at_10", "recall_at_5", "mrr"), typeRows);
      images(h, charts, "retrieval");
    }
    if (!configurations.isEmpty()) {
      h.section("Generation");
      h.paragraph(
          "Each score names its method: llm-judge:<model> (an LLM grades the answer; a failed or"
              + " unparseable verdict is missing, not 0), token-overlap (sentences whose content"
              + " words are at least 60% found in the context), token-f1 (SQuAD token F1 with the"
              + " reference; blended 0.5/0.5 with the embedding cosine when an embedder is used),"
              + " embedding-cosine:<model>, ground-truth-ids (computed from the judged relevant"
              + " documents). Refusals are detected by phrases.");
      List<List<Object>> rows = new ArrayList<>();
      for (Configuration c : configurations) {
        for (MetricSummary s : c.scores().summaries()) {
          rows.add(
              List.of(c.name(), s.metric(), s.method(), opt(s.mean()), s.count(), s.missing()));
        }
        rows.add(
            List.of(
                c.name(),
                "correct_refusal_rate",
                GenerationResults.REFUSAL_METHOD,
                opt(c.scores().correctRefusalRate()),
                c.scores().negatives(),
                0));
        rows.add(
            List.of(
                c.name(),
                "false_refusal_rate",
                GenerationResults.REFUSAL_METHOD,
                opt(c.scores().falseRefusalRate()),
                c.scores().answerable(),
                0));
      }
      h.table(List.of("configuration", "metric", "method", "mean", "n", "missing"), rows);
      images(h, charts, "generation");
      h.section("Failure analysis");
      List<String> header = new ArrayList<>(List.of("configuration"));
      Arrays.stream(FailureCategory.values()).forEach(f -> header.add(f.jsonName()));
      List<List<Object>> counts = new ArrayList<>();
      for (Configuration c : configurations) {
        List<Object> row = new ArrayList<>(List.of(c.name()));
        Arrays.stream(FailureCategory.values()).forEach(f -> row.add(c.failures().counts().get(f)));
        counts.add(row);
      }
      h.table(header, counts);
      List<List<Object>> examples = new ArrayList<>();
      for (Configuration c : configurations) {
        c.failures()
            .examples()
            .forEach(
                (cat, list) -> {
                  if (cat != FailureCategory.OK) {
                    for (QuestionFailure f : list) {
                      examples.add(
                          List.of(
                              c.name(),
                              cat.jsonName(),
                              f.questionId(),
                              f.question(),
                              snippet(f.answer()),
                              f.reason()));
                    }
                  }
                });
      }
      if (!examples.isEmpty()) {
        h.paragraph("Examples:")
            .table(
                List.of("configuration", "category", "question", "text", "answer", "reason"),
                examples);
      }
      images(h, charts, "failures");
      List<Configuration> costed = configurations.stream().filter(c -> c.cost() != null).toList();
      if (!costed.isEmpty()) {
        h.section("Tokens, latency and cost");
        List<List<Object>> costRows = new ArrayList<>();
        for (Configuration c : costed) {
          CostRow r = c.cost();
          costRows.add(
              List.of(
                  r.config(),
                  r.model(),
                  r.queries(),
                  r.meanPromptTokens(),
                  r.meanCompletionTokens(),
                  r.retrieve().p50Ms(),
                  r.rerank().p50Ms(),
                  r.generate().p50Ms(),
                  r.generate().p95Ms(),
                  r.total().p50Ms(),
                  r.total().p95Ms(),
                  r.usdPer1000Queries().isPresent() ? r.usdPer1000Queries().getAsDouble() : "n/a"));
        }
        h.table(
            List.of(
                "configuration",
                "model",
                "queries",
                "prompt tokens",
                "completion tokens",
                "retrieve p50 ms",
                "rerank p50 ms",
                "generate p50 ms",
                "generate p95 ms",
                "total p50 ms",
                "total p95 ms",
                "USD / 1000 queries"),
            costRows);
        images(h, charts, "cost");
      }
    }
    return h.build();
  }

  private static void images(HtmlReport.Builder h, List<Chart> charts, String section) {
    charts.stream()
        .filter(c -> c.section().equals(section))
        .forEach(c -> h.image(c.file(), c.caption()));
  }

  private static Object opt(OptionalDouble d) {
    return d.isPresent() ? d.getAsDouble() : "missing";
  }

  private static String snippet(String s) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > ANSWER_SNIPPET ? t.substring(0, ANSWER_SNIPPET) + "..." : t;
  }

  private static String snake(String name) {
    String s =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return s.isEmpty() || !Character.isLetter(s.charAt(0)) ? "m_" + s : s;
  }

  private static String fileSafe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
    return s.isEmpty() ? "unnamed" : s;
  }

  private static String csvRow(List<?> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object v = cells.get(i);
      String s = v == null ? "" : v.toString();
      if (s.indexOf(',') >= 0
          || s.indexOf('"') >= 0
          || s.indexOf('\n') >= 0
          || s.indexOf('\r') >= 0) {
        s = "\"" + s.replace("\"", "\"\"") + "\"";
      }
      sb.append(s);
    }
    return sb.append('\n').toString();
  }

  /** Options of a {@link RagEvaluationReport}. */
  public static final class Builder {
    private final String dataset;
    private RetrievalResults retrieval;
    private final Map<String, Configuration> configurations = new LinkedHashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private Instant createdAt = Instant.now();

    private Builder(String dataset) {
      if (dataset == null || dataset.isBlank()) {
        throw new MlException("report dataset name must not be blank");
      }
      this.dataset = dataset;
    }

    /**
     * Adds retrieval results (strategy names become the {@code models} of {@code metrics.json}).
     *
     * @param results the results
     * @return this builder
     */
    public Builder retrieval(RetrievalResults results) {
      this.retrieval = Objects.requireNonNull(results, "results");
      return this;
    }

    /**
     * Adds an evaluated RAG configuration.
     *
     * @param configuration the configuration
     * @return this builder
     * @throws MlException when the name is already used
     */
    public Builder configuration(Configuration configuration) {
      Objects.requireNonNull(configuration, "configuration");
      if (configurations.putIfAbsent(configuration.name(), configuration) != null) {
        throw new MlException("configuration '" + configuration.name() + "' was added twice");
      }
      return this;
    }

    /**
     * Adds a run parameter shown in the report and model card (e.g. chunk size, judge model).
     *
     * @param key the name
     * @param value the value
     * @return this builder
     */
    public Builder parameter(String key, String value) {
      parameters.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds a top-level entry to {@code metrics.json} (for example {@code hnsw_recall_at_10}); it is
     * also shown in the report's parameter table.
     *
     * @param key the snake_case name
     * @param value a number, string, list or map
     * @return this builder
     */
    public Builder extra(String key, Object value) {
      extras.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      parameters.put(key, String.valueOf(value));
      return this;
    }

    /**
     * Sets the model card's creation time (default: now).
     *
     * @param time the time
     * @return this builder
     */
    public Builder createdAt(Instant time) {
      this.createdAt = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Builds the report.
     *
     * @return the report
     * @throws MlException when there is neither retrieval nor a configuration
     */
    public RagEvaluationReport build() {
      if (retrieval == null && configurations.isEmpty()) {
        throw new MlException("nothing to report: add retrieval results or a configuration");
      }
      return new RagEvaluationReport(this);
    }
  }
}
