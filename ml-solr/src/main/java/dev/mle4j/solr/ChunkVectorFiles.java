package dev.mle4j.solr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import dev.mle4j.rag.ingest.ChunkMetadata;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Files of chunks with their vectors, the input of bulk indexing ({@link
 * SolrChunkIndex#indexFile}).
 *
 * <ul>
 *   <li>JSONL ({@code .jsonl}, {@code .jsonl.gz}), one chunk a line: {@code {"id": "page.html#0",
 *       "text": "...", "metadata": {"source": "page.html", "title": "...", ...}, "vector": [0.1,
 *       ...]}}. {@code chunk_id} is accepted for {@code id} and {@code doc_id} for the {@code
 *       source} metadata; other top-level scalar fields become metadata.
 *   <li>Parquet ({@code .parquet}, a file or a folder of part files), the output of the Spark
 *       embedding job: columns {@code chunk_id} (or {@code id}), {@code text}, {@code vector} (list
 *       of float or double), optional {@code doc_id} (or {@code source}), an optional {@code
 *       metadata} map, and any other column as metadata. Read with DuckDB (no Hadoop).
 * </ul>
 */
public final class ChunkVectorFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChunkVectorFiles() {}

  /**
   * Reads a file in batches.
   *
   * @param file a {@code .jsonl}, {@code .jsonl.gz} or {@code .parquet} file (or a folder of {@code
   *     .parquet} files)
   * @param batchSize chunks per batch
   * @param sink receives each batch of chunks and their vectors
   * @return the number of chunks read
   * @throws MlException if the file is missing, of an unknown type or malformed (naming the line or
   *     column)
   */
  public static long read(Path file, int batchSize, BiConsumer<List<Chunk>, float[][]> sink) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sink, "sink");
    if (batchSize < 1) {
      throw new MlException("batch size must be >= 1, got " + batchSize);
    }
    if (!Files.exists(file)) {
      throw new MlException("no chunk file at " + file);
    }
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) {
      return readJsonl(file, batchSize, sink);
    }
    if (name.endsWith(".parquet") || Files.isDirectory(file)) {
      return readParquet(file, batchSize, sink);
    }
    throw new MlException(
        "cannot read chunks from " + file + ": expected .jsonl, .jsonl.gz or .parquet");
  }

  /**
   * Reads a whole file into memory.
   *
   * @param file the file
   * @return chunks with their vectors, in file order
   */
  public static List<ChunkVector> readAll(Path file) {
    List<ChunkVector> out = new ArrayList<>();
    read(
        file,
        1000,
        (chunks, vectors) -> {
          for (int i = 0; i < chunks.size(); i++) {
            out.add(new ChunkVector(chunks.get(i), vectors[i]));
          }
        });
    return out;
  }

  /**
   * Writes chunks with their vectors as JSONL (gzipped when the name ends with {@code .gz}).
   *
   * @param file the file
   * @param chunks the chunks
   * @param vectors one vector per chunk
   */
  public static void writeJsonl(Path file, List<Chunk> chunks, float[][] vectors) {
    if (vectors.length != chunks.size()) {
      throw new MlException(chunks.size() + " chunks but " + vectors.length + " vectors");
    }
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out =
            file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
        BufferedWriter w =
            new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
      for (int i = 0; i < chunks.size(); i++) {
        Chunk c = chunks.get(i);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", c.id());
        o.put("text", c.text());
        ObjectNode meta = o.putObject("metadata");
        c.metadata().forEach(meta::put);
        ArrayNode v = o.putArray("vector");
        for (float x : vectors[i]) {
          v.add(x);
        }
        w.write(JSON.writeValueAsString(o));
        w.write('\n');
      }
    } catch (IOException e) {
      throw new MlException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static long readJsonl(Path file, int batchSize, BiConsumer<List<Chunk>, float[][]> sink) {
    long n = 0;
    List<Chunk> chunks = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode o;
        try {
          o = JSON.readTree(line);
        } catch (IOException e) {
          throw new MlException(file + " line " + lineNo + " is not JSON: " + e.getMessage(), e);
        }
        String where = file + " line " + lineNo;
        chunks.add(jsonChunk(o, where));
        vectors.add(jsonVector(o.get("vector"), where));
        if (chunks.size() == batchSize) {
          sink.accept(List.copyOf(chunks), vectors.toArray(float[][]::new));
          n += chunks.size();
          chunks.clear();
          vectors.clear();
        }
      }
    } catch (IOException e) {
      throw new MlException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!chunks.isEmpty()) {
      sink.accept(List.copyOf(chunks), vectors.toArray(float[][]::new));
      n += chunks.size();
    }
    return n;
  }

  private static Chunk jsonChunk(JsonNode o, String where) {
    if (o == null || !o.isObject()) {
      throw new MlException(where + " is not a JSON object");
    }
    JsonNode id = o.has("id") ? o.get("id") : o.get("chunk_id");
    JsonNode text = o.get("text");
    if (id == null || !id.isTextual() || text == null || !text.isTextual()) {
      throw new MlException(where + " needs string fields 'id' (or 'chunk_id') and 'text'");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String k = f.getKey();
      JsonNode v = f.getValue();
      if (k.equals("metadata") && v.isObject()) {
        v.fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
      } else if (k.equals("doc_id") && v.isValueNode() && !v.isNull()) {
        meta.putIfAbsent(ChunkMetadata.SOURCE, v.asText());
      } else if (!List.of("id", "chunk_id", "text", "vector").contains(k)
          && v.isValueNode()
          && !v.isNull()) {
        meta.put(k, v.asText());
      }
    }
    return new Chunk(id.asText(), text.asText(), meta);
  }

  private static float[] jsonVector(JsonNode v, String where) {
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw new MlException(where + " needs a non-empty number array 'vector'");
    }
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      if (!v.get(i).isNumber()) {
        throw new MlException(where + ": vector element " + i + " is not a number");
      }
      out[i] = (float) v.get(i).asDouble();
    }
    return out;
  }

  private static long readParquet(
      Path file, int batchSize, BiConsumer<List<Chunk>, float[][]> sink) {
    String glob = Files.isDirectory(file) ? file.resolve("*.parquet").toString() : file.toString();
    String sql = "SELECT * FROM read_parquet('" + glob.replace("'", "''") + "')";
    long n = 0;
    try {
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (ClassNotFoundException e) {
      throw new MlException("Parquet reading needs org.duckdb:duckdb_jdbc on the classpath", e);
    }
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> cols = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        cols.add(md.getColumnName(i));
      }
      String idCol = cols.contains("chunk_id") ? "chunk_id" : cols.contains("id") ? "id" : null;
      if (idCol == null || !cols.contains("text") || !cols.contains("vector")) {
        throw new MlException(
            file + " needs columns chunk_id (or id), text and vector; it has " + cols);
      }
      List<Chunk> chunks = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      long row = 0;
      while (rs.next()) {
        row++;
        String where = file + " row " + row;
        Map<String, String> meta = new LinkedHashMap<>();
        for (String c : cols) {
          if (c.equals(idCol) || c.equals("text") || c.equals("vector")) {
            continue;
          }
          Object v = rs.getObject(c);
          if (v == null) {
            continue;
          }
          if (c.equals("metadata") && v instanceof Map<?, ?> m) {
            m.forEach((mk, mv) -> meta.put(String.valueOf(mk), String.valueOf(mv)));
          } else if (c.equals("doc_id")) {
            meta.putIfAbsent(ChunkMetadata.SOURCE, v.toString());
          } else {
            meta.put(c, v.toString());
          }
        }
        String id = rs.getString(idCol);
        String text = rs.getString("text");
        if (id == null || text == null) {
          throw new MlException(where + " has a null " + (id == null ? idCol : "text"));
        }
        chunks.add(new Chunk(id, text, meta));
        vectors.add(parquetVector(rs.getObject("vector"), where));
        if (chunks.size() == batchSize) {
          sink.accept(List.copyOf(chunks), vectors.toArray(float[][]::new));
          n += chunks.size();
          chunks.clear();
          vectors.clear();
        }
      }
      if (!chunks.isEmpty()) {
        sink.accept(List.copyOf(chunks), vectors.toArray(float[][]::new));
        n += chunks.size();
      }
    } catch (SQLException e) {
      throw new MlException("cannot read Parquet " + file + ": " + e.getMessage(), e);
    }
    return n;
  }

  private static float[] parquetVector(Object v, String where) throws SQLException {
    Object[] values;
    if (v instanceof Array a) {
      values = (Object[]) a.getArray();
    } else if (v instanceof Object[] arr) {
      values = arr;
    } else if (v instanceof List<?> list) {
      values = list.toArray();
    } else {
      throw new MlException(
          where
              + ": vector is "
              + (v == null ? "null" : v.getClass().getSimpleName())
              + ", expected a list of floats");
    }
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] instanceof Number num)) {
        throw new MlException(where + ": vector element " + i + " is not a number");
      }
      out[i] = num.floatValue();
    }
    return out;
  }

  /**
   * One chunk with its vector.
   *
   * @param chunk the chunk
   * @param vector its embedding
   */
  public record ChunkVector(Chunk chunk, float[] vector) {
    /** Validates. */
    public ChunkVector {
      Objects.requireNonNull(chunk, "chunk");
      Objects.requireNonNull(vector, "vector");
    }
  }
}
