package dev.mle4j.spark;

import dev.mle4j.core.MlException;
import dev.mle4j.rag.ingest.DocumentLoaders;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Distributed corpus chunking and embedding for RAG: reads every document file under a folder (any
 * Hadoop file system), loads each with ml-rag's {@link DocumentLoaders}, splits it with the {@link
 * dev.mle4j.rag.ingest.Chunker}, embeds the chunks with an mle4j {@link dev.mle4j.core.Embedder}
 * (the ONNX sentence encoders of ml-nlp; one session per executor JVM) and writes Parquet with the
 * columns {@code chunk_id}, {@code source}, {@code text}, {@code metadata} (map), {@code vector}
 * (array of float) and {@code embedder}, ready for bulk indexing.
 *
 * <p>Chunk ids, texts and metadata equal those of the single-machine {@code Ingestor}; vectors
 * equal the in-process embedder's.
 */
public final class SparkCorpusEmbedder {

  /** Output column: the chunk id ({@code source#index}). */
  public static final String CHUNK_ID = "chunk_id";

  /** Output column: the document id (path relative to the input folder). */
  public static final String SOURCE = "source";

  /** Output column: the chunk text. */
  public static final String TEXT = "text";

  /** Output column: the chunk metadata (title, section, date, ...). */
  public static final String METADATA = "metadata";

  /** Output column: the embedding. */
  public static final String VECTOR = "vector";

  /** Output column: the embedding model name. */
  public static final String EMBEDDER = "embedder";

  /** The output schema. */
  public static final StructType SCHEMA =
      new StructType()
          .add(CHUNK_ID, DataTypes.StringType, false)
          .add(SOURCE, DataTypes.StringType, false)
          .add(TEXT, DataTypes.StringType, false)
          .add(
              METADATA,
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false),
              false)
          .add(VECTOR, DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add(EMBEDDER, DataTypes.StringType, false);

  private final Settings settings;
  private final int partitions;

  private SparkCorpusEmbedder(Builder b) {
    this.settings =
        new Settings(
            b.embedder,
            b.maxTokens,
            b.overlapTokens,
            b.minTokens,
            b.embedMaxTokens,
            b.batchSize,
            b.threads);
    this.partitions = b.partitions;
  }

  /**
   * Starts a builder.
   *
   * @return the builder with the defaults: {@code all-minilm-l6-v2}, the chunker's defaults (512 /
   *     64 / 32 tokens), batches of 32, 1 ONNX thread per session
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The job settings that travel to the executors.
   *
   * @return the settings
   */
  public Settings settings() {
    return settings;
  }

  /**
   * Chunks and embeds every supported document under a folder (lazily).
   *
   * @param spark the session
   * @param inputDir the folder (recursively; hidden files are skipped)
   * @return one row per chunk
   * @throws MlException when a local folder does not exist
   */
  public Dataset<Row> embed(SparkSession spark, String inputDir) {
    DataFiles.requireExists(inputDir);
    if (DataFiles.isLocal(inputDir) && !Files.isDirectory(Path.of(DataFiles.localPath(inputDir)))) {
      throw new MlException("input " + inputDir + " is not a folder of documents");
    }
    String rootPath = rootPath(inputDir);
    Dataset<Row> files =
        spark
            .read()
            .format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(inputDir)
            .select("path", "modificationTime", "content");
    if (partitions > 0) {
      files = files.repartition(partitions);
    }
    return files.mapPartitions(new PartitionEmbedder(settings, rootPath), Encoders.row(SCHEMA));
  }

  /**
   * Runs the job and writes Parquet.
   *
   * @param spark the session
   * @param inputDir the documents folder
   * @param output the output folder
   * @param overwrite replace an existing output
   * @return what the job did
   * @throws MlException for a missing input, an unknown embedding model or a failed job
   */
  public EmbedResult run(SparkSession spark, String inputDir, String output, boolean overwrite) {
    long start = System.nanoTime();
    DataFiles.writeParquet(embed(spark, inputDir), output, overwrite);
    double seconds = (System.nanoTime() - start) / 1e9;
    Dataset<Row> written = spark.read().parquet(output);
    long chunks = written.count();
    long documents = written.select(SOURCE).distinct().count();
    Row first = chunks == 0 ? null : written.select(functions.size(functions.col(VECTOR))).first();
    int dimension = first == null ? 0 : first.getInt(0);
    return new EmbedResult(documents, chunks, dimension, settings.embedder(), seconds, output);
  }

  static String rootPath(String inputDir) {
    String p;
    if (inputDir.contains("://")) {
      p = URI.create(inputDir).getPath();
    } else if (inputDir.startsWith("file:")) {
      p = Path.of(URI.create(inputDir)).toString();
    } else {
      p = Path.of(inputDir).toAbsolutePath().normalize().toString();
    }
    return p.endsWith("/") ? p : p + "/";
  }

  /**
   * The serializable job settings.
   *
   * @param embedder the embedding model name (see {@link dev.mle4j.core.Embedders})
   * @param maxTokens chunk size limit
   * @param overlapTokens overlap between consecutive chunks
   * @param minTokens smallest chunk kept
   * @param embedMaxTokens the encoder's token limit (0: the model's default)
   * @param batchSize texts per embedding call
   * @param threads ONNX intra-op threads per executor session
   */
  public record Settings(
      String embedder,
      int maxTokens,
      int overlapTokens,
      int minTokens,
      int embedMaxTokens,
      int batchSize,
      int threads)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The per-JVM cache key of the embedder.
     *
     * @return the key
     */
    public String embedderKey() {
      return "embedder:" + embedder + ":" + embedMaxTokens + ":" + batchSize + ":" + threads;
    }
  }

  /** Options of {@link SparkCorpusEmbedder}. */
  public static final class Builder {
    private String embedder = "all-minilm-l6-v2";
    private int maxTokens = 512;
    private int overlapTokens = 64;
    private int minTokens = 32;
    private int embedMaxTokens;
    private int batchSize = 32;
    private int threads = 1;
    private int partitions;

    private Builder() {}

    /**
     * The embedding model (default {@code all-minilm-l6-v2}).
     *
     * @param name a model name known to {@link dev.mle4j.core.Embedders}
     * @return this builder
     */
    public Builder embedder(String name) {
      this.embedder = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Chunk sizes, as {@link dev.mle4j.rag.ingest.Chunker.Builder} takes them.
     *
     * @param max largest chunk
     * @param overlap overlap between chunks
     * @param min smallest chunk
     * @return this builder
     */
    public Builder chunking(int max, int overlap, int min) {
      this.maxTokens = max;
      this.overlapTokens = overlap;
      this.minTokens = min;
      return this;
    }

    /**
     * The encoder's token limit (default 0: the model's own).
     *
     * @param tokens the limit
     * @return this builder
     */
    public Builder embedMaxTokens(int tokens) {
      this.embedMaxTokens = tokens;
      return this;
    }

    /**
     * Texts per embedding call (default 32).
     *
     * @param texts at least 1
     * @return this builder
     */
    public Builder batchSize(int texts) {
      if (texts < 1) {
        throw new MlException("batch size must be at least 1, got " + texts);
      }
      this.batchSize = texts;
      return this;
    }

    /**
     * ONNX intra-op threads of each executor's session (default 1: Spark's task slots give the
     * parallelism).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder threads(int value) {
      if (value < 1) {
        throw new MlException("threads must be at least 1, got " + value);
      }
      this.threads = value;
      return this;
    }

    /**
     * Repartitions the document files into this many partitions (default 0: Spark's file split).
     *
     * @param value partitions, or 0
     * @return this builder
     */
    public Builder partitions(int value) {
      this.partitions = Math.max(0, value);
      return this;
    }

    /**
     * Builds the job.
     *
     * @return the job
     */
    public SparkCorpusEmbedder build() {
      return new SparkCorpusEmbedder(this);
    }
  }
}
