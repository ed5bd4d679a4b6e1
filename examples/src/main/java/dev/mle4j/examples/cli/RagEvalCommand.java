package dev.mle4j.examples.cli;

import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.eval.QuestionSet;
import dev.mle4j.rag.eval.RagEvaluationJob;
import dev.mle4j.rag.eval.RagEvaluationReport;
import dev.mle4j.rag.generate.Generators;
import dev.mle4j.rag.generate.GroundedGenerator;
import dev.mle4j.rag.generate.LlmSettings;
import dev.mle4j.rag.generate.PriceTable;
import dev.mle4j.rag.ingest.Chunker;
import dev.mle4j.rag.ingest.PostgresManual;
import dev.mle4j.rag.retrieve.Rerankers;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mle4j rag eval}: the full question-set evaluation. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate retrieval strategies and full RAG on a question set (default: the 80 questions of"
          + " data/eval/postgres-qa.json over the PostgreSQL manual) and write metrics.json,"
          + " charts and report.html.",
      "Generators: the offline extractive one, plus the LLM configured by MLE4J_LLM_* and a"
          + " second one by MLE4J_LLM2_* (same variables with LLM2) when set; an LLM judge by"
          + " MLE4J_JUDGE_*."
    })
final class RagEvalCommand implements Callable<Integer> {
  @Mixin RagCommand.IndexOptions index = new RagCommand.IndexOptions();

  @Option(names = "--questions", paramLabel = "FILE", description = "Question set JSON.")
  Path questions;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--strategies", split = ",", description = "Retrieval strategies (default: all).")
  List<String> strategies = new ArrayList<>();

  @Option(
      names = "--reranker",
      defaultValue = Rerankers.DEFAULT,
      description =
          "Reranker of hybrid-rerank: none, onnx:<folder>, embedding:<model> (default ${DEFAULT-VALUE}).")
  String reranker;

  @Option(
      names = "--compare-embedders",
      split = ",",
      paramLabel = "MODEL",
      description = {
        "Also build (or reuse) a knowledge base per embedding model from the same documents, in"
            + " <index>-<model>, and compare dense and hybrid retrieval across models."
      })
  List<String> compareEmbedders = new ArrayList<>();

  @Option(
      names = "--docs",
      paramLabel = "DIR",
      description = "Documents of the comparison knowledge bases (default: the PostgreSQL manual).")
  Path docs;

  @Option(
      names = "--rag-strategy",
      defaultValue = "hybrid",
      description = "Retrieval of the full-RAG runs (default ${DEFAULT-VALUE}).")
  String ragStrategy;

  @Option(names = "--top-k", defaultValue = "5", description = "Chunks given to the generator.")
  int topK;

  @Option(names = "--retrieval-only", description = "Skip answer generation.")
  boolean retrievalOnly;

  @Option(
      names = "--generators",
      split = ",",
      description = {
        "Full-RAG configurations: extractive (sentences ranked with the embedder too),"
            + " extractive-lexical (idf overlap only), llm (MLE4J_LLM_*), llm2 (MLE4J_LLM2_*)."
            + " Default: extractive, plus llm and llm2 when configured."
      })
  List<String> generatorNames = new ArrayList<>();

  @Spec CommandSpec spec;

  RagEvalCommand() {}

  /** The question set shipped in data/eval of the project checkout. */
  static Path defaultQuestions() {
    Path root = Path.of(System.getProperty("mle4j.root", "."));
    Path file = root.resolve("data/eval/postgres-qa.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "question set " + file + " not found; pass --questions FILE");
    }
    return file;
  }

  @Override
  public Integer call() {
    PrintWriter pw = spec.commandLine().getOut();
    QuestionSet set = QuestionSet.load(questions != null ? questions : defaultQuestions());
    Path outDir = out != null ? out : RunOutput.defaultDir("rag");
    Embedders embedders = Embedders.discover();
    List<AutoCloseable> open = new ArrayList<>();
    try (KnowledgeBase kb =
            KnowledgeBase.open(index.indexDir(), embedders, EmbedderOptions.defaults());
        Rerankers.Opened rr = Rerankers.open(reranker, embedders)) {
      RagEvaluationJob.Builder job =
          RagEvaluationJob.builder(kb, set).topK(topK).ragStrategy(ragStrategy);
      if (!strategies.isEmpty()) {
        job.strategies(strategies);
      }
      job.reranker(rr.reranker());
      for (String model : compareEmbedders) {
        Path dir = index.indexDir().resolveSibling(index.indexDir().getFileName() + "-" + model);
        Path documents = docs != null ? docs : PostgresManual.htmlDirOrFetch();
        RagCommand.ingest(documents, dir, kb.corpus(), model, Chunker.defaults(), pw);
        KnowledgeBase other = KnowledgeBase.open(dir, embedders, EmbedderOptions.defaults());
        open.add(other);
        job.compare(other);
      }
      if (!retrievalOnly) {
        PriceTable prices = PriceTable.defaults();
        job.prices((m, p, c) -> prices.costUsd(m, p, c).usd());
        List<String> wanted = new ArrayList<>(generatorNames);
        if (wanted.isEmpty()) {
          wanted.add("extractive");
          for (String llm : List.of("llm", "llm2")) {
            if (remap(System.getenv(), prefix(llm)).containsKey(LlmSettings.PROVIDER)) {
              wanted.add(llm);
            }
          }
        }
        for (String name : wanted) {
          GroundedGenerator g =
              switch (name) {
                case "extractive" ->
                    Generators.create(LlmSettings.extractive(), Map.of(), kb.embedder());
                case "extractive-lexical" -> Generators.create(LlmSettings.extractive(), Map.of());
                case "llm", "llm2" -> {
                  Map<String, String> env = remap(System.getenv(), prefix(name));
                  if (!env.containsKey(LlmSettings.PROVIDER)) {
                    throw new IllegalArgumentException(
                        "--generators "
                            + name
                            + " needs "
                            + prefix(name)
                            + "PROVIDER (and MODEL) in the environment");
                  }
                  yield Generators.fromEnvironment(env, kb.embedder());
                }
                default ->
                    throw new IllegalArgumentException(
                        "unknown generator '"
                            + name
                            + "'; use extractive, extractive-lexical, llm, llm2");
              };
          open.add(g);
          job.generator(name.startsWith("llm") ? g.model() : name, g);
        }
      }
      pw.println(
          "evaluating "
              + kb.corpus()
              + " ("
              + kb.index().chunkCount()
              + " chunks, "
              + kb.embedder().name()
              + ") on "
              + set.size()
              + " questions into "
              + outDir);
      pw.flush();
      RagEvaluationReport report = job.build().run(outDir);
      printSummary(pw, report);
      pw.println("report: " + outDir.resolve(RunOutput.REPORT_FILE));
      pw.flush();
      return 0;
    } finally {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception e) {
          pw.println("warning: cannot close " + c + ": " + e.getMessage());
        }
      }
    }
  }

  private static String prefix(String generator) {
    return generator.equals("llm2") ? "MLE4J_LLM2_" : "MLE4J_LLM_";
  }

  /** Environment with {@code prefix*} variables renamed to {@code MLE4J_LLM_*}. */
  static Map<String, String> remap(Map<String, String> env, String prefix) {
    Map<String, String> out = new HashMap<>(env);
    out.keySet().removeIf(k -> k.startsWith("MLE4J_LLM_"));
    env.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put("MLE4J_LLM_" + k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  static void printSummary(PrintWriter pw, RagEvaluationReport report) {
    var file = report.metricsFile();
    pw.printf(
        "%-24s %9s %9s %9s %9s %9s%n",
        "strategy", "ndcg@10", "recall@5", "recall@10", "mrr", "p50_ms");
    file.models()
        .forEach(
            (name, m) ->
                pw.printf(
                    "%-24s %9s %9s %9s %9s %9s%n",
                    name,
                    fmt(m.get("ndcg_at_10")),
                    fmt(m.get("recall_at_5")),
                    fmt(m.get("recall_at_10")),
                    fmt(m.get("mrr")),
                    fmt(m.get("p50_ms"))));
  }

  private static String fmt(Double v) {
    return v == null ? "-" : Formats.fixed(v, 4);
  }
}
