package dev.mle4j.examples.cli;

import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.eval.QuestionSet;
import dev.mle4j.rag.eval.RagEvaluationJob;
import dev.mle4j.rag.eval.RagEvaluationReport;
import dev.mle4j.rag.ingest.Chunker;
import dev.mle4j.rag.ingest.IngestReport;
import dev.mle4j.rag.ingest.PostgresManual;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The demo's RAG step: build or update the default knowledge base, then check retrieval. */
final class RagDemo {
  private RagDemo() {}

  /** What the step did. */
  record Result(IngestReport ingest, int chunks, Map<String, Map<String, Double>> retrieval) {
    String summary() {
      StringBuilder sb =
          new StringBuilder(
              "RAG (PostgreSQL 15 manual, "
                  + chunks
                  + " chunks; retrieval on the 80-question set, answerable questions)\n");
      sb.append(String.format("%-16s %9s %9s %9s%n", "strategy", "ndcg@10", "recall@5", "mrr"));
      retrieval.forEach(
          (name, m) ->
              sb.append(
                  String.format(
                      "%-16s %9s %9s %9s%n",
                      name,
                      Formats.fixed(m.getOrDefault("ndcg_at_10", Double.NaN), 4),
                      Formats.fixed(m.getOrDefault("recall_at_5", Double.NaN), 4),
                      Formats.fixed(m.getOrDefault("mrr", Double.NaN), 4))));
      return sb.toString().stripTrailing();
    }
  }

  static Result run(Path indexDir, Path runDir, PrintWriter pw) {
    Path docs = PostgresManual.htmlDirOrFetch();
    IngestReport report =
        RagCommand.ingest(
            docs,
            indexDir,
            RagCommand.DEFAULT_CORPUS,
            "all-minilm-l6-v2-q",
            Chunker.defaults(),
            pw);
    QuestionSet set = QuestionSet.load(RagEvalCommand.defaultQuestions());
    try (KnowledgeBase kb =
        KnowledgeBase.open(indexDir, Embedders.discover(), EmbedderOptions.defaults())) {
      RagEvaluationReport r =
          RagEvaluationJob.builder(kb, set)
              .strategies(List.of("bm25", "dense", "hybrid"))
              .generation(false)
              .build()
              .run(runDir.resolve("rag-retrieval"));
      return new Result(report, kb.index().chunkCount(), r.metricsFile().models());
    }
  }
}
