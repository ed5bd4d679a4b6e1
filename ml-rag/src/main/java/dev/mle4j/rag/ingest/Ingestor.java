package dev.mle4j.rag.ingest;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.index.ChunkStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incrementally ingests a folder of documents into a {@link ChunkStore}: files whose SHA-256 equals
 * the hash the store holds are skipped (not loaded, not embedded); new and changed files are
 * loaded, chunked, embedded in batches and written with {@link ChunkStore#replaceSource}; sources
 * whose file is gone are deleted. The store is committed every {@link Builder#commitEvery} changed
 * documents and at the end. A file that fails to load is reported and the run goes on.
 *
 * <p>Files are visited in sorted order; hidden files and folders (name starting with {@code .}) are
 * ignored; files of unsupported types are listed in {@link IngestReport#skipped()}. Source ids are
 * paths relative to the folder with {@code /} separators.
 *
 * <pre>{@code
 * Ingestor ingestor = Ingestor.builder().store(store).embedder(embedder).build();
 * IngestReport report = ingestor.ingest(Path.of("docs"));
 * }</pre>
 */
public final class Ingestor {
  private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);

  private final DocumentLoaders loaders;
  private final Chunker chunker;
  private final Embedder embedder;
  private final ChunkStore store;
  private final int batchSize;
  private final int commitEvery;
  private final IngestListener listener;

  private Ingestor(Builder b) {
    this.loaders = b.loaders;
    this.chunker = b.chunker;
    this.embedder = b.embedder;
    this.store = b.store;
    this.batchSize = b.batchSize;
    this.commitEvery = b.commitEvery;
    this.listener = b.listener;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Ingests a folder (recursively) or a single file. For a folder, sources in the store that no
   * longer exist in it are deleted; for a single file (source id: its file name) nothing is
   * deleted.
   *
   * @param path a folder or a file
   * @return what was done
   * @throws MlException if the path does not exist, or is a single file of an unsupported type
   */
  public IngestReport ingest(Path path) {
    Objects.requireNonNull(path, "path");
    long start = System.nanoTime();
    Run run = new Run();
    Map<String, Path> files = new TreeMap<>();
    boolean folder;
    if (Files.isDirectory(path)) {
      folder = true;
      walk(path, files, run.skipped);
    } else if (Files.isRegularFile(path)) {
      folder = false;
      loaders.loaderFor(path); // unsupported type: clear error
      files.put(path.getFileName().toString(), path);
    } else {
      throw new MlException("cannot ingest " + path + ": no such file or folder");
    }
    Map<String, String> known = new LinkedHashMap<>(store.sourceHashes());
    List<String> gone = new ArrayList<>();
    if (folder) {
      for (String source : known.keySet()) {
        if (!files.containsKey(source)) {
          gone.add(source);
        }
      }
    }
    int total = files.size() + gone.size();
    int done = 0;
    int pending = 0;
    for (Map.Entry<String, Path> e : files.entrySet()) {
      String source = e.getKey();
      IngestListener.Outcome outcome = ingestFile(source, e.getValue(), known.get(source), run);
      if (outcome == IngestListener.Outcome.ADDED || outcome == IngestListener.Outcome.UPDATED) {
        pending++;
      }
      if (pending >= commitEvery) {
        store.commit();
        pending = 0;
      }
      listener.onDocument(++done, total, source, outcome);
    }
    for (String source : gone) {
      store.deleteSource(source);
      run.deleted++;
      pending++;
      if (pending >= commitEvery) {
        store.commit();
        pending = 0;
      }
      listener.onDocument(++done, total, source, IngestListener.Outcome.DELETED);
    }
    store.commit();
    IngestReport report =
        new IngestReport(
            run.added,
            run.updated,
            run.unchanged,
            run.deleted,
            run.failed,
            run.skipped,
            run.chunks,
            run.tokens,
            (System.nanoTime() - start) / 1e9,
            run.embedNanos / 1e9);
    LOG.info("Ingested {}: {}", path, report.summary());
    return report;
  }

  private IngestListener.Outcome ingestFile(String source, Path file, String knownHash, Run run) {
    String hash;
    try {
      hash = sha256(file);
    } catch (IOException | UncheckedIOException e) {
      return fail(run, source, "cannot read " + file + ": " + e.getMessage());
    }
    if (hash.equals(knownHash)) {
      run.unchanged++;
      return IngestListener.Outcome.UNCHANGED;
    }
    Document document;
    try {
      document = loaders.load(file, source);
    } catch (DocumentLoadException e) {
      return fail(run, source, e.getMessage());
    }
    List<Chunk> chunks = chunker.chunk(document);
    float[][] vectors = embedder == null ? null : embed(chunks, run);
    store.replaceSource(source, hash, chunks, vectors);
    run.chunks += chunks.size();
    for (Chunk c : chunks) {
      run.tokens += Long.parseLong(c.metadata().getOrDefault(ChunkMetadata.TOKENS, "0"));
    }
    if (knownHash == null) {
      run.added++;
      return IngestListener.Outcome.ADDED;
    }
    run.updated++;
    return IngestListener.Outcome.UPDATED;
  }

  private IngestListener.Outcome fail(Run run, String source, String reason) {
    LOG.warn("Skipping {}: {}", source, reason);
    run.failed.add(new IngestReport.Failure(source, reason));
    return IngestListener.Outcome.FAILED;
  }

  private float[][] embed(List<Chunk> chunks, Run run) {
    float[][] vectors = new float[chunks.size()][];
    long t0 = System.nanoTime();
    for (int from = 0; from < chunks.size(); from += batchSize) {
      int to = Math.min(chunks.size(), from + batchSize);
      List<String> texts = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        texts.add(chunks.get(i).text());
      }
      float[][] batch = embedder.embed(texts);
      if (batch == null || batch.length != texts.size()) {
        throw new MlException(
            "embedder "
                + embedder.name()
                + " returned "
                + (batch == null ? "null" : batch.length + " vectors")
                + " for "
                + texts.size()
                + " texts");
      }
      for (int i = 0; i < batch.length; i++) {
        if (batch[i] == null || batch[i].length != embedder.dimension()) {
          throw new MlException(
              "embedder "
                  + embedder.name()
                  + " returned a vector of "
                  + (batch[i] == null ? "null" : batch[i].length + " floats")
                  + ", expected its dimension "
                  + embedder.dimension());
        }
        vectors[from + i] = batch[i];
      }
    }
    run.embedNanos += System.nanoTime() - t0;
    return vectors;
  }

  private void walk(Path folder, Map<String, Path> files, List<String> skipped) {
    Path root = folder.toAbsolutePath().normalize();
    try (Stream<Path> stream = Files.walk(root)) {
      stream
          .filter(p -> !p.equals(root))
          .filter(p -> !hidden(root.relativize(p)))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(
              p -> {
                String source = sourceId(root.relativize(p));
                if (loaders.supports(p)) {
                  files.put(source, p);
                } else {
                  skipped.add(source);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      throw new MlException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String sourceId(Path relative) {
    StringBuilder sb = new StringBuilder();
    for (Path part : relative) {
      if (!sb.isEmpty()) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Counters of one run. */
  private static final class Run {
    int added;
    int updated;
    int unchanged;
    int deleted;
    int chunks;
    long tokens;
    long embedNanos;
    final List<IngestReport.Failure> failed = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
  }

  /** Options for {@link Ingestor}. */
  public static final class Builder {
    private DocumentLoaders loaders = DocumentLoaders.defaults();
    private Chunker chunker = Chunker.defaults();
    private Embedder embedder;
    private ChunkStore store;
    private int batchSize = 32;
    private int commitEvery = 200;
    private IngestListener listener = IngestListener.none();

    private Builder() {}

    /**
     * Sets the loaders (default {@link DocumentLoaders#defaults()}).
     *
     * @param loaders the loaders
     * @return this builder
     */
    public Builder loaders(DocumentLoaders loaders) {
      this.loaders = Objects.requireNonNull(loaders, "loaders");
      return this;
    }

    /**
     * Sets the chunker (default {@link Chunker#defaults()}).
     *
     * @param chunker the chunker
     * @return this builder
     */
    public Builder chunker(Chunker chunker) {
      this.chunker = Objects.requireNonNull(chunker, "chunker");
      return this;
    }

    /**
     * Sets the embedder for chunk vectors; null (the default) writes text only.
     *
     * @param embedder the embedder or null
     * @return this builder
     */
    public Builder embedder(Embedder embedder) {
      this.embedder = embedder;
      return this;
    }

    /**
     * Sets the store to write into (required). The ingestor does not close it.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(ChunkStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets how many chunk texts go to the embedder at once (default 32).
     *
     * @param size at least 1
     * @return this builder
     */
    public Builder batchSize(int size) {
      if (size < 1) {
        throw new MlException("embedding batch size must be at least 1, got " + size);
      }
      this.batchSize = size;
      return this;
    }

    /**
     * Sets after how many changed documents the store is committed (default 200; it is also
     * committed at the end of every run).
     *
     * @param documents at least 1
     * @return this builder
     */
    public Builder commitEvery(int documents) {
      if (documents < 1) {
        throw new MlException("commitEvery must be at least 1, got " + documents);
      }
      this.commitEvery = documents;
      return this;
    }

    /**
     * Sets the progress listener (default none).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(IngestListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the ingestor.
     *
     * @return the ingestor
     * @throws MlException if no store was set
     */
    public Ingestor build() {
      if (store == null) {
        throw new MlException("Ingestor needs a ChunkStore: call store(...)");
      }
      return new Ingestor(this);
    }
  }
}
