package dev.mle4j.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirDatasetTest {

  private static final String CORPUS =
      """
      {"_id": "d1", "title": "Vitamin D", "text": "Vitamin D helps bones."}
      {"_id": "d2", "title": "", "text": "Iron is a metal."}
      {"_id": "d3", "title": "Sleep", "text": "Sleep matters."}
      """;
  private static final String QUERIES =
      """
      {"_id": "q1", "text": "what helps bones"}
      {"_id": "q2", "text": "what is iron"}
      {"_id": "q3", "text": "unjudged query"}
      """;

  private static void write(Path file, String text, boolean gzip) throws IOException {
    Files.createDirectories(file.getParent());
    if (gzip) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Path.of(file + ".gz")))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } else {
      Files.writeString(file, text);
    }
  }

  @Test
  void loadsPlainFolderWithHeader(@TempDir Path dir) throws IOException {
    write(dir.resolve("corpus.jsonl"), CORPUS, false);
    write(dir.resolve("queries.jsonl"), QUERIES, false);
    write(
        dir.resolve("qrels/test.tsv"),
        "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td3\t1\nq2\td2\t0\n",
        false);
    BeirDataset ds = BeirDataset.load(dir);
    assertThat(ds.documents()).hasSize(3);
    List<Chunk> chunks = ds.corpusChunks();
    assertThat(chunks.get(0).id()).isEqualTo("d1");
    assertThat(chunks.get(0).text()).isEqualTo("Vitamin D\nVitamin D helps bones.");
    assertThat(chunks.get(0).metadata())
        .containsEntry("source", "d1")
        .containsEntry("title", "Vitamin D");
    assertThat(chunks.get(1).text()).isEqualTo("Iron is a metal.");
    // q2 has only a 0 grade and q3 no judgments: only q1 is evaluated.
    List<EvalQuestion> qs = ds.evalQuestions();
    assertThat(qs).hasSize(1);
    assertThat(qs.get(0).id()).isEqualTo("q1");
    assertThat(qs.get(0).type()).isEqualTo(QuestionType.RETRIEVAL);
    assertThat(qs.get(0).graded()).isEqualTo(Map.of("d1", 2, "d3", 1));
    assertThat(ds.toQuestionSet().size()).isEqualTo(1);
  }

  @Test
  void loadsGzippedFilesWithoutHeader(@TempDir Path dir) throws IOException {
    write(dir.resolve("corpus.jsonl"), CORPUS, true);
    write(dir.resolve("queries.jsonl"), QUERIES, true);
    write(dir.resolve("qrels/test.tsv"), "q1\td1\t1\nq2\td2\t1\n", true);
    BeirDataset ds = BeirDataset.load(dir);
    assertThat(ds.documents())
        .extracting(BeirDataset.BeirDocument::id)
        .containsExactly("d1", "d2", "d3");
    assertThat(ds.evalQuestions()).extracting(EvalQuestion::id).containsExactly("q1", "q2");
  }

  @Test
  void badLinesNameFileAndLine(@TempDir Path dir) throws IOException {
    write(dir.resolve("corpus.jsonl"), CORPUS + "{\"_id\": \"d4\", \"text\": \n", false);
    write(dir.resolve("queries.jsonl"), QUERIES, false);
    write(dir.resolve("qrels/test.tsv"), "q1\td1\t1\n", false);
    assertThatThrownBy(() -> BeirDataset.load(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("corpus.jsonl:4")
        .hasMessageContaining("not valid JSON");
    write(dir.resolve("corpus.jsonl"), CORPUS, false);
    write(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\n", false);
    assertThatThrownBy(() -> BeirDataset.load(dir))
        .hasMessageContaining("test.tsv:3")
        .hasMessageContaining("expected 3 tab-separated columns");
    write(dir.resolve("qrels/test.tsv"), "q1\td1\thigh\n", false);
    assertThatThrownBy(() -> BeirDataset.load(dir))
        .hasMessageContaining("test.tsv:1")
        .hasMessageContaining("not an integer");
    // judgements of unknown queries are ignored; negative scores count as not relevant
    write(dir.resolve("qrels/test.tsv"), "q9\td1\t1\nq1\td2\t-2\nq1\td1\t1\n", false);
    BeirDataset lenient = BeirDataset.load(dir);
    assertThat(lenient.evalQuestions()).hasSize(1);
    assertThat(lenient.evalQuestions().get(0).relevantSources()).containsExactly("d1");
    write(dir.resolve("qrels/test.tsv"), "q9\td1\t1\nq1\td2\t-2\n", false);
    assertThatThrownBy(() -> BeirDataset.load(dir))
        .hasMessageContaining("no query has a judged document with score > 0");
    write(dir.resolve("queries.jsonl"), "{\"text\": \"no id\"}\n", false);
    assertThatThrownBy(() -> BeirDataset.load(dir))
        .hasMessageContaining("queries.jsonl:1")
        .hasMessageContaining("missing field '_id'");
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) throws IOException {
    write(dir.resolve("corpus.jsonl"), CORPUS, false);
    write(dir.resolve("queries.jsonl"), QUERIES, false);
    assertThatThrownBy(() -> BeirDataset.load(dir))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("test.tsv")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> BeirDataset.load(dir.resolve("nope")))
        .hasMessageContaining("does not exist");
  }
}
