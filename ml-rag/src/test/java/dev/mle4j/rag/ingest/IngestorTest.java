package dev.mle4j.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.index.ChunkStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestorTest {

  @TempDir Path dir;

  private MemoryStore store;
  private CountingEmbedder embedder;
  private Ingestor ingestor;
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    store = new MemoryStore();
    embedder = new CountingEmbedder();
    ingestor =
        Ingestor.builder()
            .store(store)
            .embedder(embedder)
            .batchSize(2)
            .chunker(Chunker.builder().maxTokens(40).overlapTokens(8).minTokens(4).build())
            .listener((done, total, source, outcome) -> progress.add(source + ":" + outcome))
            .build();
    write("a.txt", "Alpha notes\n\n" + "Alpha sentence number one is here. ".repeat(12));
    write("guide/b.md", "# Bravo\n\nBravo text is short.\n");
    write(
        "guide/c.html",
        "<html><head><title>Charlie</title></head><body><p>Charlie page.</p></body></html>");
    write("notes.docx", "not supported");
    write(".hidden/secret.txt", "hidden text");
    write(".dotfile.txt", "hidden too");
  }

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  @Test
  void firstRunAddsEverythingAndSecondRunEmbedsNothing() {
    IngestReport first = ingestor.ingest(dir);
    assertThat(first.added()).isEqualTo(3);
    assertThat(first.updated()).isZero();
    assertThat(first.unchanged()).isZero();
    assertThat(first.deleted()).isZero();
    assertThat(first.failed()).isEmpty();
    assertThat(first.skipped()).containsExactly("notes.docx");
    assertThat(store.hashes.keySet()).containsExactly("a.txt", "guide/b.md", "guide/c.html");
    assertThat(first.chunksWritten()).isEqualTo(store.chunkCount()).isGreaterThan(3);
    assertThat(first.tokens()).isPositive();
    assertThat(embedder.texts).isEqualTo(first.chunksWritten());
    assertThat(embedder.maxBatch).isLessThanOrEqualTo(2);
    assertThat(store.commits).isPositive();
    assertThat(progress).containsExactly("a.txt:ADDED", "guide/b.md:ADDED", "guide/c.html:ADDED");
    for (Chunk c : store.chunks.get("a.txt")) {
      assertThat(c.metadata()).containsEntry(ChunkMetadata.SOURCE, "a.txt");
      assertThat(c.metadata().get(ChunkMetadata.DOC_HASH)).isEqualTo(store.hashes.get("a.txt"));
    }
    assertThat(store.vectors.get("guide/b.md")[0]).hasSize(embedder.dimension());

    int embeddedBefore = embedder.texts;
    IngestReport second = ingestor.ingest(dir);
    assertThat(second.unchanged()).isEqualTo(3);
    assertThat(second.added() + second.updated() + second.deleted()).isZero();
    assertThat(second.chunksWritten()).isZero();
    assertThat(embedder.texts).isEqualTo(embeddedBefore);
  }

  @Test
  void changingOneFileReembedsOnlyIt() throws IOException {
    ingestor.ingest(dir);
    int before = embedder.texts;
    write("guide/b.md", "# Bravo\n\nBravo text changed.\n");
    IngestReport report = ingestor.ingest(dir);
    assertThat(report.updated()).isEqualTo(1);
    assertThat(report.unchanged()).isEqualTo(2);
    assertThat(embedder.texts - before).isEqualTo(report.chunksWritten()).isEqualTo(1);
    assertThat(store.chunks.get("guide/b.md").get(0).text()).isEqualTo("Bravo text changed.");
  }

  @Test
  void deletingAFileDeletesItsSource() throws IOException {
    ingestor.ingest(dir);
    Files.delete(dir.resolve("guide/c.html"));
    IngestReport report = ingestor.ingest(dir);
    assertThat(report.deleted()).isEqualTo(1);
    assertThat(store.hashes).doesNotContainKey("guide/c.html");
    assertThat(store.chunks).doesNotContainKey("guide/c.html");
    assertThat(progress).endsWith("guide/c.html:DELETED");
  }

  @Test
  void corruptFileIsReportedAndOthersAreIngested() throws IOException {
    write("broken.pdf", "%PDF-1.4 garbage");
    Files.write(dir.resolve("bad.txt"), new byte[] {'a', (byte) 0xFF, 'b'});
    IngestReport report = ingestor.ingest(dir);
    assertThat(report.added()).isEqualTo(3);
    assertThat(report.failed())
        .extracting(IngestReport.Failure::source)
        .containsExactly("bad.txt", "broken.pdf");
    assertThat(report.failed().get(1).reason()).startsWith("cannot read PDF ");
    assertThat(store.hashes).doesNotContainKeys("bad.txt", "broken.pdf");
    assertThat(report.summary()).contains("3 added").contains("2 failed").contains("1 skipped");
  }

  @Test
  void textOnlyIngestWithoutEmbedder() {
    Ingestor textOnly = Ingestor.builder().store(store).build();
    IngestReport report = textOnly.ingest(dir);
    assertThat(report.added()).isEqualTo(3);
    assertThat(report.embedSeconds()).isZero();
    assertThat(store.vectors.get("a.txt")).isNull();
  }

  @Test
  void singleFileIngestAndErrors() throws IOException {
    IngestReport report = ingestor.ingest(dir.resolve("guide/b.md"));
    assertThat(report.added()).isEqualTo(1);
    assertThat(store.hashes).containsOnlyKeys("b.md");
    assertThatThrownBy(() -> ingestor.ingest(dir.resolve("notes.docx")))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("unsupported file type '.docx'");
    assertThatThrownBy(() -> ingestor.ingest(dir.resolve("missing")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no such file or folder");
    assertThatThrownBy(() -> Ingestor.builder().build()).hasMessageContaining("ChunkStore");
    assertThatThrownBy(() -> Ingestor.builder().batchSize(0)).hasMessageContaining("batch size");
  }

  @Test
  void wrongVectorCountFromEmbedderIsAnError() {
    Embedder broken =
        new Embedder() {
          @Override
          public float[][] embed(List<String> texts) {
            return new float[0][];
          }

          @Override
          public int dimension() {
            return 4;
          }
        };
    Ingestor bad = Ingestor.builder().store(store).embedder(broken).build();
    assertThatThrownBy(() -> bad.ingest(dir)).hasMessageContaining("returned 0 vectors");
  }

  /** Hashed bag-of-words vectors; counts what it embeds. */
  static final class CountingEmbedder implements Embedder {
    int texts;
    int maxBatch;

    @Override
    public float[][] embed(List<String> batch) {
      texts += batch.size();
      maxBatch = Math.max(maxBatch, batch.size());
      float[][] out = new float[batch.size()][dimension()];
      for (int i = 0; i < batch.size(); i++) {
        for (String w : batch.get(i).toLowerCase().split("\\W+")) {
          out[i][Math.floorMod(w.hashCode(), dimension())] += 1f;
        }
      }
      return out;
    }

    @Override
    public int dimension() {
      return 16;
    }
  }

  /** A map-backed store. */
  static final class MemoryStore implements ChunkStore {
    final Map<String, String> hashes = new TreeMap<>();
    final Map<String, List<Chunk>> chunks = new HashMap<>();
    final Map<String, float[][]> vectors = new HashMap<>();
    int commits;

    @Override
    public Map<String, String> sourceHashes() {
      return Map.copyOf(hashes);
    }

    @Override
    public void replaceSource(String source, String hash, List<Chunk> c, float[][] v) {
      if (v != null && v.length != c.size()) {
        throw new IllegalArgumentException("vectors do not match chunks");
      }
      hashes.put(source, hash);
      chunks.put(source, List.copyOf(c));
      vectors.put(source, v);
    }

    @Override
    public void deleteSource(String source) {
      hashes.remove(source);
      chunks.remove(source);
      vectors.remove(source);
    }

    @Override
    public void commit() {
      commits++;
    }

    @Override
    public int chunkCount() {
      return chunks.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {}
  }
}
