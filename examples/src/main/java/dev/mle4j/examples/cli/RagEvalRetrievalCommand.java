package dev.mle4j.examples.cli;

import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.eval.BeirDataset;
import dev.mle4j.rag.eval.QuestionSet;
import dev.mle4j.rag.eval.RagEvaluationJob;
import dev.mle4j.rag.eval.RagEvaluationReport;
import dev.mle4j.rag.retrieve.Rerankers;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mle4j rag eval-retrieval}: retrieval metrics on a BEIR data set or the question set. */
@Command(
    name = "eval-retrieval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate retrieval only. With --beir DIR (corpus.jsonl, queries.jsonl, qrels/test.tsv) the"
          + " corpus is indexed (one chunk per document; reused when unchanged) and bm25,"
          + " dense-<model>, hybrid and hybrid-rerank are compared; without it, the question set"
          + " on the knowledge base."
    })
final class RagEvalRetrievalCommand implements Callable<Integer> {
  @Option(names = "--beir", paramLabel = "DIR", description = "BEIR-format data set folder.")
  Path beir;

  @Option(names = "--split", defaultValue = "test", description = "qrels split (default test).")
  String split;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description = "Knowledge base (with --beir: where to build it, default <out>/index).")
  Path index;

  @Option(names = "--questions", paramLabel = "FILE", description = "Question set JSON.")
  Path questions;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--embedder",
      defaultValue = "all-minilm-l6-v2-q",
      description = "Embedding model of a new BEIR index (default ${DEFAULT-VALUE}).")
  String embedder;

  @Option(
      names = "--reranker",
      defaultValue = Rerankers.DEFAULT,
      description =
          "Reranker of hybrid-rerank: none, onnx:<folder>, embedding:<model> (default ${DEFAULT-VALUE}).")
  String reranker;

  @Spec CommandSpec spec;

  RagEvalRetrievalCommand() {}

  @Override
  public Integer call() {
    PrintWriter pw = spec.commandLine().getOut();
    Path outDir = out != null ? out : RunOutput.defaultDir("rag");
    Embedders embedders = Embedders.discover();
    QuestionSet set;
    KnowledgeBase kb;
    if (beir != null) {
      if (!Files.isDirectory(beir)) {
        throw new IllegalArgumentException("--beir " + beir + " is not a folder");
      }
      BeirDataset data = BeirDataset.load(beir, split);
      set = data.toQuestionSet();
      Path dir = index != null ? index : outDir.resolve("index");
      kb =
          KnowledgeBase.openOrCreate(
              dir, set.corpus(), embedders.open(embedder, EmbedderOptions.defaults()));
      var chunks = data.corpusChunks();
      pw.println(
          "indexing "
              + chunks.size()
              + " documents of "
              + beir
              + " into "
              + dir
              + " ("
              + embedder
              + ")");
      pw.flush();
      long start = System.nanoTime();
      int[] last = {-1};
      int written =
          kb.addChunks(
              chunks,
              done -> {
                int pct = chunks.isEmpty() ? 100 : done * 100 / chunks.size();
                if (pct / 10 != last[0] / 10) {
                  last[0] = pct;
                  pw.printf(
                      "  %3d%%  %d/%d  %.0f s%n",
                      pct, done, chunks.size(), (System.nanoTime() - start) / 1e9);
                  pw.flush();
                }
              });
      pw.println("embedded " + written + " documents (others unchanged)");
    } else {
      set = QuestionSet.load(questions != null ? questions : RagEvalCommand.defaultQuestions());
      Path dir = index != null ? index : dev.mle4j.examples.Locations.ragIndex();
      kb = KnowledgeBase.open(dir, embedders, EmbedderOptions.defaults());
    }
    try (kb;
        Rerankers.Opened rr = Rerankers.open(reranker, embedders)) {
      RagEvaluationJob.Builder job = RagEvaluationJob.builder(kb, set).generation(false);
      job.strategies(
          rr.reranker() == null
              ? List.of("bm25", "dense", "hybrid")
              : List.of("bm25", "dense", "hybrid", "hybrid-rerank"));
      job.reranker(rr.reranker());
      pw.println("evaluating " + set.size() + " queries into " + outDir);
      pw.flush();
      RagEvaluationReport report = job.build().run(outDir);
      RagEvalCommand.printSummary(pw, report);
      pw.println("report: " + outDir.resolve(RunOutput.REPORT_FILE));
      pw.flush();
      return 0;
    }
  }
}
