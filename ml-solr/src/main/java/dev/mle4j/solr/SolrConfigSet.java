package dev.mle4j.solr;

import dev.mle4j.core.MlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The configset of an mle4j chunk collection, shipped as resources: {@code solrconfig.xml}, {@code
 * managed-schema.xml} (BM25 text fields with English analysis, a cosine HNSW {@code
 * DenseVectorField}, metadata fields) and {@code stopwords_en.txt}. The vector dimension is written
 * into the schema when the configset is rendered, so one configset serves one embedder dimension.
 *
 * <pre>{@code
 * Path dir = SolrConfigSet.write(Path.of("mle4j-chunks-384"), 384);
 * // bin/solr zk upconfig -n mle4j-chunks-384 -d mle4j-chunks-384 -z localhost:9983
 * }</pre>
 */
public final class SolrConfigSet {

  /** The files of the configset. */
  public static final List<String> FILES =
      List.of("solrconfig.xml", "managed-schema.xml", "stopwords_en.txt");

  private static final String RESOURCE_DIR = "/dev/mle4j/solr/configset/";
  private static final String DIMENSION_TOKEN = "@VECTOR_DIMENSION@";
  private static final int MAX_DIMENSION = 4096;

  private SolrConfigSet() {}

  /**
   * The default configset name for a dimension, e.g. {@code mle4j-chunks-384}.
   *
   * @param dimension the vector dimension
   * @return the name
   */
  public static String defaultName(int dimension) {
    checkDimension(dimension);
    return "mle4j-chunks-" + dimension;
  }

  /**
   * The configset files' contents for a vector dimension.
   *
   * @param dimension the embedder's vector dimension (1..4096)
   * @return file name to content, in {@link #FILES} order
   * @throws MlException if the dimension is out of range
   */
  public static Map<String, String> files(int dimension) {
    checkDimension(dimension);
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : FILES) {
      String text = resource(f);
      out.put(f, text.replace(DIMENSION_TOKEN, Integer.toString(dimension)));
    }
    return out;
  }

  /**
   * Writes the configset into a folder (created if needed), ready for {@code bin/solr zk upconfig}.
   *
   * @param dir the folder
   * @param dimension the vector dimension
   * @return the folder
   * @throws MlException if it cannot be written
   */
  public static Path write(Path dir, int dimension) {
    Map<String, String> files = files(dimension);
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> e : files.entrySet()) {
        Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new MlException("cannot write the Solr configset to " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  /**
   * The configset as a zip, the form the Configsets API upload takes.
   *
   * @param dimension the vector dimension
   * @return zip bytes
   */
  public static byte[] zip(int dimension) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> e : files(dimension).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void checkDimension(int dimension) {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new MlException(
          "vector dimension must be in 1.." + MAX_DIMENSION + ", got " + dimension);
    }
  }

  private static String resource(String name) {
    try (InputStream in = SolrConfigSet.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new MlException("configset resource " + RESOURCE_DIR + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MlException("cannot read configset resource " + name + ": " + e.getMessage(), e);
    }
  }
}
