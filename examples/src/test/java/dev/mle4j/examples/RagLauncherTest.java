package dev.mle4j.examples;

import static dev.mle4j.examples.LauncherTest.assertOneLineUsageError;
import static dev.mle4j.examples.LauncherTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.examples.LauncherTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mle4j rag} end to end with the real MiniLM encoder on small document folders made here:
 * ingest (incremental), ask (--json), eval-retrieval on a BEIR folder, and the bad inputs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class RagLauncherTest {
  @TempDir static Path tmp;

  private static final ObjectMapper JSON = new ObjectMapper();

  static Path docs;
  static Path index;

  /** Writes a small documentation folder: Markdown, text, HTML and an unreadable PDF. */
  public static Path writeDocs(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("guide"));
    Files.writeString(
        dir.resolve("guide/backup.md"),
        "# Backups\n\n## pg_dump\n\nUse pg_dump to export a single database to a script or archive"
            + " file. It makes consistent backups even while the database is being used.\n\n"
            + "## Restoring\n\nArchives made by pg_dump in the custom format are restored with"
            + " pg_restore.\n");
    Files.writeString(
        dir.resolve("ports.txt"),
        "Connections\n\nThe server listens on TCP port 5432 unless the port setting says"
            + " otherwise. Clients connect to that port.\n");
    Files.writeString(
        dir.resolve("vacuum.html"),
        "<html><head><title>VACUUM</title></head><body><div class=\"navheader\">Prev Up Home"
            + " Next</div><h1>VACUUM</h1><p>VACUUM reclaims storage occupied by dead tuples."
            + " VACUUM FULL rewrites the whole table into a new file and needs an exclusive"
            + " lock.</p></body></html>");
    Files.writeString(dir.resolve("broken.pdf"), "%PDF-1.7 this is not really a PDF");
    Files.writeString(dir.resolve("notes.docx"), "not supported");
    return dir;
  }

  @BeforeAll
  static void setUp() throws Exception {
    docs = writeDocs(tmp.resolve("docs"));
    index = tmp.resolve("kb");
  }

  @Test
  @Order(1)
  void ingestIndexesTheFolderAndReportsTheUnreadablePdf() {
    Run r = run("rag", "ingest", "--docs", docs.toString(), "--index", index.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("3 added").contains("failed: broken.pdf");
    assertThat(r.out()).contains("cannot read PDF");
    assertThat(Files.isRegularFile(index.resolve("knowledge-base.json"))).isTrue();

    Run again = run("rag", "ingest", "--docs", docs.toString(), "--index", index.toString());
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("0 added").contains("3 unchanged");
  }

  @Test
  @Order(2)
  void askPrintsOneJsonObjectWithCitations() throws Exception {
    Run r =
        run(
            "rag",
            "ask",
            "--index",
            index.toString(),
            "--json",
            "Which",
            "TCP",
            "port",
            "does",
            "the",
            "server",
            "listen",
            "on?");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode j = JSON.readTree(r.out().strip());
    assertThat(j.get("answer").asText()).contains("5432");
    JsonNode c = j.get("citations").get(0);
    assertThat(c.get("source").asText()).isEqualTo("ports.txt");
    assertThat(c.has("title")).isTrue();
    assertThat(c.has("snippet")).isTrue();
    assertThat(c.has("score")).isTrue();
    assertThat(j.get("latency_ms").asDouble()).isPositive();
    assertThat(j.get("tokens").get("prompt").asInt()).isPositive();
  }

  @Test
  @Order(3)
  void badQuestionsAndFilesGetOneLineErrors() throws Exception {
    assertOneLineUsageError(
        run("rag", "ask", "--index", index.toString(), "   "), "question is empty");
    assertOneLineUsageError(
        run("rag", "ask", "--index", index.toString(), "why".repeat(700)),
        "the limit is 2000 characters");
    assertOneLineUsageError(
        run("rag", "ask", "--index", tmp.resolve("none").toString(), "hello?"),
        "no knowledge base in");
    assertOneLineUsageError(
        run(
            "rag",
            "ingest",
            "--docs",
            docs.resolve("notes.docx").toString(),
            "--index",
            tmp.resolve("kb-docx").toString()),
        "unsupported file type '.docx'");
    assertOneLineUsageError(
        run(
            "rag",
            "ingest",
            "--docs",
            docs.resolve("broken.pdf").toString(),
            "--index",
            tmp.resolve("kb-pdf").toString()),
        "cannot read PDF");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertOneLineUsageError(
        run("rag", "ingest", "--docs", empty.toString(), "--index", tmp.resolve("kb-e").toString()),
        "no supported documents");
    assertOneLineUsageError(
        run("rag", "ingest", "--docs", docs.toString()), "--index DIR is required with --docs");
  }

  @Test
  @Order(4)
  void evalRetrievalOnABeirFolderWritesTheContractMetrics() throws Exception {
    Path beir = Files.createDirectories(tmp.resolve("beir/qrels"));
    Path root = beir.getParent();
    Files.writeString(
        root.resolve("corpus.jsonl"),
        String.join(
            "\n",
            "{\"_id\":\"d1\",\"title\":\"Ports\",\"text\":\"The server listens on TCP port 5432.\"}",
            "{\"_id\":\"d2\",\"title\":\"Vacuum\",\"text\":\"VACUUM reclaims storage of dead"
                + " tuples.\"}",
            "{\"_id\":\"d3\",\"title\":\"Backups\",\"text\":\"pg_dump exports one database to a"
                + " file.\"}",
            "{\"_id\":\"d4\",\"title\":\"Roles\",\"text\":\"CREATE ROLE adds a new database"
                + " role.\"}"));
    try (var out =
        new java.io.OutputStreamWriter(
            new GZIPOutputStream(Files.newOutputStream(root.resolve("queries.jsonl.gz"))),
            java.nio.charset.StandardCharsets.UTF_8)) {
      out.write("{\"_id\":\"q1\",\"text\":\"which port does the server use\"}\n");
      out.write("{\"_id\":\"q2\",\"text\":\"how to back up a database\"}\n");
      out.write("{\"_id\":\"q3\",\"text\":\"remove dead rows\"}\n");
    }
    Files.writeString(
        beir.resolve("test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t1\nq3\td2\t1\n");
    Path out = tmp.resolve("beir-out");
    Run r =
        run(
            "rag",
            "eval-retrieval",
            "--beir",
            root.toString(),
            "--out",
            out.toString(),
            "--reranker",
            "embedding:all-minilm-l6-v2");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
    for (String model : new String[] {"bm25", "dense-minilm", "hybrid", "hybrid-rerank"}) {
      JsonNode m = metrics.get("models").get(model);
      assertThat(m).as(model).isNotNull();
      for (String key : new String[] {"ndcg_at_10", "recall_at_10", "mrr", "p50_ms"}) {
        assertThat(m.get(key)).as(model + "." + key).isNotNull();
      }
    }
    assertThat(metrics.get("models").get("hybrid").get("recall_at_10").asDouble()).isEqualTo(1.0);
    assertThat(out.resolve("report.html")).exists();
    assertThat(out.resolve("model-card.json")).exists();
    assertOneLineUsageError(
        run("rag", "eval-retrieval", "--beir", tmp.resolve("nope").toString()), "is not a folder");
  }

  @Test
  @Order(5)
  void evalWritesRetrievalGenerationFailuresAndCosts() throws Exception {
    Path questions = tmp.resolve("qa.json");
    Files.writeString(
        questions,
        """
        {"corpus": "test-docs", "description": "three questions written from the test documents",
         "questions": [
          {"id": "q1", "type": "factual", "question": "Which TCP port does the server use?",
           "answer": "Port 5432.", "relevant_sources": ["ports.txt"], "graded": {"ports.txt": 2},
           "evidence": "TCP port 5432"},
          {"id": "q2", "type": "reasoning", "question": "How are pg_dump custom archives restored?",
           "answer": "With pg_restore.", "relevant_sources": ["guide/backup.md"],
           "graded": {"guide/backup.md": 2}, "evidence": "restored with pg_restore"},
          {"id": "q3", "type": "negative", "question": "How large is the InnoDB buffer pool?",
           "answer": "Not in the documents.", "relevant_sources": []}
         ]}
        """);
    Path out = tmp.resolve("eval-out");
    Run r =
        run(
            "rag",
            "eval",
            "--index",
            index.toString(),
            "--questions",
            questions.toString(),
            "--out",
            out.toString(),
            "--reranker",
            "none",
            "--generators",
            "extractive,extractive-lexical");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("task").asText()).isEqualTo("rag");
    assertThat(m.get("models").get("hybrid").get("ndcg_at_10")).isNotNull();
    assertThat(m.get("models").has("hybrid-rerank")).isFalse();
    assertThat(m.get("hnsw_recall_at_10").asDouble()).isEqualTo(1.0);
    for (String config : new String[] {"rag-hybrid-extractive", "rag-hybrid-extractive-lexical"}) {
      assertThat(m.get("generation").get(config).get("faithfulness")).as(config).isNotNull();
      assertThat(m.get("generation_methods").get(config).get("answer_correctness").asText())
          .startsWith("token-f1");
      assertThat(m.get("failures").get(config)).isNotNull();
      assertThat(m.get("costs").get(config).get("usd_per_1000_queries").asDouble()).isZero();
    }
    assertThat(out.resolve("report.html")).exists();
    assertThat(out.resolve("answers.jsonl")).exists();
    assertOneLineUsageError(
        run(
            "rag",
            "eval",
            "--index",
            index.toString(),
            "--questions",
            questions.toString(),
            "--generators",
            "gpt-9"),
        "unknown generator 'gpt-9'");
    assertOneLineUsageError(
        run("rag", "eval", "--index", index.toString(), "--questions", docs.toString()), "docs");
  }
}
