package dev.mle4j.spark;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.ingest.ChunkMetadata;
import dev.mle4j.rag.ingest.Chunker;
import dev.mle4j.rag.ingest.Document;
import dev.mle4j.rag.ingest.DocumentLoaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code mapPartitions} function of {@link SparkCorpusEmbedder}: loads, chunks and embeds the
 * partition's files with the executor's shared embedder.
 */
final class PartitionEmbedder implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final SparkCorpusEmbedder.Settings settings;
  private final String rootPath;

  PartitionEmbedder(SparkCorpusEmbedder.Settings settings, String rootPath) {
    this.settings = settings;
    this.rootPath = rootPath;
  }

  static Embedder embedder(SparkCorpusEmbedder.Settings s) {
    return ExecutorCache.get(
        s.embedderKey(),
        Embedder.class,
        () ->
            Embedders.discover()
                .open(
                    s.embedder(),
                    new EmbedderOptions(s.embedMaxTokens(), s.batchSize(), s.threads())));
  }

  @Override
  public Iterator<Row> call(Iterator<Row> files) {
    Embedder embedder = embedder(settings);
    Chunker chunker =
        Chunker.builder()
            .maxTokens(settings.maxTokens())
            .overlapTokens(settings.overlapTokens())
            .minTokens(settings.minTokens())
            .build();
    DocumentLoaders loaders = DocumentLoaders.defaults();
    return new Iterator<>() {
      private List<Row> ready = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        while (next >= ready.size()) {
          if (!files.hasNext()) {
            return false;
          }
          ready = embedFile(files.next(), loaders, chunker, embedder);
          next = 0;
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.get(next++);
      }
    };
  }

  /** The chunk rows of one file (none for unsupported types and empty documents). */
  private List<Row> embedFile(Row f, DocumentLoaders loaders, Chunker chunker, Embedder embedder) {
    String path = URI.create(f.getString(0)).getPath();
    String source = path.startsWith(rootPath) ? path.substring(rootPath.length()) : fileName(path);
    if (!loaders.supports(Path.of(fileName(path)))) {
      return List.of();
    }
    Document doc;
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("mle4j-embed-");
      Path local = scratch.resolve(fileName(path));
      Files.write(local, (byte[]) f.get(2));
      Timestamp modified = f.getTimestamp(1);
      if (modified != null) {
        Files.setLastModifiedTime(local, FileTime.fromMillis(modified.getTime()));
      }
      doc = loaders.load(local, source);
    } catch (IOException e) {
      throw new MlException("cannot stage " + source + " for loading: " + e.getMessage(), e);
    } finally {
      if (scratch != null) {
        deleteTree(scratch);
      }
    }
    List<Chunk> chunks = chunker.chunk(doc);
    if (chunks.isEmpty()) {
      return List.of();
    }
    List<String> texts = new ArrayList<>(chunks.size());
    chunks.forEach(c -> texts.add(c.text()));
    float[][] vectors = embedder.embed(texts);
    if (vectors.length != chunks.size()) {
      throw new MlException(
          "embedder "
              + embedder.name()
              + " returned "
              + vectors.length
              + " vectors for "
              + chunks.size()
              + " chunks of "
              + source);
    }
    List<Row> out = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      out.add(
          RowFactory.create(
              c.id(),
              c.metadata().getOrDefault(ChunkMetadata.SOURCE, source),
              c.text(),
              CollectionConverters.asScala(c.metadata()),
              vectors[i],
              embedder.name()));
    }
    return out;
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp folder left behind is harmless
    }
  }
}
