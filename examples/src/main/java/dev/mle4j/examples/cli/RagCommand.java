package dev.mle4j.examples.cli;

import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.examples.Locations;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.ingest.Chunker;
import dev.mle4j.rag.ingest.IngestReport;
import dev.mle4j.rag.ingest.PostgresManual;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mle4j rag}: ingest documents, ask questions, evaluate retrieval and answers. */
@Command(
    name = "rag",
    mixinStandardHelpOptions = true,
    description = "Retrieval-augmented question answering over a folder of documents.",
    subcommands = {
      RagCommand.Ingest.class,
      RagAskCommand.class,
      RagEvalCommand.class,
      RagEvalRetrievalCommand.class,
      RagCommand.Export.class
    })
public final class RagCommand implements Runnable {
  /** The corpus name of the default knowledge base. */
  static final String DEFAULT_CORPUS = "postgresql-15-manual";

  @Spec CommandSpec spec;

  /** Creates the command. */
  public RagCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by the subcommands that open a knowledge base. */
  static final class IndexOptions {
    @Option(
        names = "--index",
        paramLabel = "DIR",
        description =
            "Knowledge-base folder (default: $MLE4J_RAG_INDEX or ~/.mle4j/rag/postgresql-15).")
    Path index;

    Path indexDir() {
      return index != null ? index : Locations.ragIndex();
    }
  }

  /** Builds a knowledge base for the default or given documents, or brings it up to date. */
  static IngestReport ingest(
      Path docs, Path indexDir, String corpus, String embedder, Chunker chunker, PrintWriter out) {
    long start = System.nanoTime();
    try (KnowledgeBase kb =
        KnowledgeBase.openOrCreate(
            indexDir, corpus, Embedders.discover().open(embedder, EmbedderOptions.defaults()))) {
      out.println(
          "ingesting "
              + docs
              + " into "
              + indexDir
              + " (embedder "
              + kb.embedder().name()
              + ", chunks of "
              + chunker.maxTokens()
              + " tokens, overlap "
              + chunker.overlapTokens()
              + ")");
      out.flush();
      int[] lastPercent = {-1};
      IngestReport report =
          kb.ingest(
              docs,
              chunker,
              (done, total, source, outcome) -> {
                int percent = total == 0 ? 100 : done * 100 / total;
                if (percent / 10 != lastPercent[0] / 10 || done == total) {
                  lastPercent[0] = percent;
                  out.printf(
                      "  %3d%%  %d/%d documents  %.0f s%n",
                      percent, done, total, (System.nanoTime() - start) / 1e9);
                  out.flush();
                }
              });
      out.println(report.summary());
      for (IngestReport.Failure f : report.failed()) {
        out.println("  failed: " + f.source() + ": " + f.reason());
      }
      out.println("knowledge base: " + kb.index().chunkCount() + " chunks in " + indexDir);
      out.flush();
      return report;
    }
  }

  /** {@code mle4j rag ingest}. */
  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
        "Index a folder of .html/.htm/.md/.txt/.pdf files (default: the PostgreSQL 15 manual, fetched"
            + " from Debian package postgresql-doc-15). Running it again only re-embeds changed files."
      })
  static final class Ingest implements Callable<Integer> {
    @Option(names = "--docs", paramLabel = "DIR", description = "Documents folder (or one file).")
    Path docs;

    @Option(
        names = "--index",
        paramLabel = "DIR",
        description =
            "Knowledge-base folder (default: $MLE4J_RAG_INDEX or ~/.mle4j/rag/postgresql-15).")
    Path index;

    @Option(
        names = "--corpus",
        description = "Corpus name shown in reports (default: the docs folder's name).")
    String corpus;

    @Option(
        names = "--embedder",
        defaultValue = "all-minilm-l6-v2-q",
        description =
            "Embedding model (default ${DEFAULT-VALUE}): all-minilm-l6-v2, all-minilm-l6-v2-q,"
                + " bge-small-en-v1.5-q, e5-small-v2-q, or openai:<model> for an OpenAI-compatible"
                + " embeddings API (MLE4J_EMBEDDINGS_BASE_URL, MLE4J_EMBEDDINGS_API_KEY_ENV).")
    String embedder;

    @Option(names = "--chunk-tokens", defaultValue = "512", description = "Chunk size in tokens.")
    int chunkTokens;

    @Option(names = "--overlap-tokens", defaultValue = "64", description = "Chunk overlap.")
    int overlapTokens;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Path dir;
      String name;
      Path indexDir;
      if (docs == null) {
        dir = PostgresManual.htmlDirOrFetch();
        name = corpus != null ? corpus : DEFAULT_CORPUS;
        indexDir = index != null ? index : Locations.ragIndex();
      } else {
        if (!Files.exists(docs)) {
          throw new IllegalArgumentException("--docs " + docs + " does not exist");
        }
        dir = docs;
        name = corpus != null ? corpus : String.valueOf(docs.toAbsolutePath().getFileName());
        if (index == null) {
          throw new IllegalArgumentException(
              "--index DIR is required with --docs (the default index holds the PostgreSQL manual)");
        }
        indexDir = index;
      }
      Chunker chunker =
          Chunker.builder().maxTokens(chunkTokens).overlapTokens(overlapTokens).build();
      IngestReport report =
          ingest(dir, indexDir, name, embedder, chunker, spec.commandLine().getOut());
      if (report.documents() == report.failed().size() && !report.failed().isEmpty()) {
        // nothing could be read: an error, not a warning
        IngestReport.Failure f = report.failed().get(0);
        throw new IllegalArgumentException(
            f.reason()
                + (report.failed().size() > 1
                    ? " (and " + (report.failed().size() - 1) + " more unreadable files)"
                    : ""));
      }
      if (report.documents() == 0) {
        throw new IllegalArgumentException(
            "no supported documents (.html, .htm, .md, .markdown, .txt, .pdf) in " + dir);
      }
      return 0;
    }
  }

  /** {@code mle4j rag export}: the knowledge base's chunks as JSONL (for peer comparisons). */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write every chunk (id, source, title, section, text) as one JSON line each.")
  static final class Export implements Callable<Integer> {
    @picocli.CommandLine.Mixin IndexOptions index = new IndexOptions();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSONL file.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      try (KnowledgeBase kb =
              KnowledgeBase.open(
                  index.indexDir(), Embedders.discover(), EmbedderOptions.defaults());
          var w = Files.newBufferedWriter(out)) {
        int n = 0;
        for (var c : kb.allChunks()) {
          var o = mapper.createObjectNode();
          o.put("id", c.id());
          c.metadata().forEach(o::put);
          o.put("text", c.text());
          w.write(mapper.writeValueAsString(o));
          w.write('\n');
          n++;
        }
        spec.commandLine().getOut().println("wrote " + n + " chunks to " + out);
        return 0;
      }
    }
  }
}
