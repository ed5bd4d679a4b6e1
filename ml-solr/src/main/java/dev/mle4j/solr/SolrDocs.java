package dev.mle4j.solr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Chunk;
import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/** Chunk to Solr document and back (the field layout of the shipped schema). */
final class SolrDocs {
  static final String ID = "id";
  static final String TEXT = "text";
  static final String TITLE = "title";
  static final String SECTION = "section";
  static final String SOURCE = "source";
  static final String CHUNK_INDEX = "chunk_index";
  static final String METADATA_JSON = "metadata_json";
  static final String SOURCE_HASH = "source_hash";
  static final String VECTOR = "vector";

  /** The stored fields that make up a chunk, plus the score. */
  static final String FIELDS =
      String.join(",", ID, TEXT, TITLE, SECTION, SOURCE, CHUNK_INDEX, METADATA_JSON, "score");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private SolrDocs() {}

  static SolrInputDocument toDocument(Chunk c, float[] vector, int dimension, String sourceHash) {
    SolrInputDocument d = new SolrInputDocument();
    d.addField(ID, c.id());
    d.addField(TEXT, c.text());
    Map<String, String> rest = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : c.metadata().entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      switch (k) {
        case TITLE, SECTION, SOURCE -> d.addField(k, v);
        case CHUNK_INDEX -> {
          if (v != null && v.matches("-?\\d{1,9}")) {
            d.addField(CHUNK_INDEX, Integer.parseInt(v));
          } else {
            rest.put(k, v);
          }
        }
        default -> rest.put(k, v);
      }
    }
    if (!rest.isEmpty()) {
      try {
        d.addField(METADATA_JSON, JSON.writeValueAsString(rest));
      } catch (JsonProcessingException e) {
        throw new MlException("cannot encode the metadata of chunk " + c.id(), e);
      }
    }
    if (sourceHash != null) {
      d.addField(SOURCE_HASH, sourceHash);
    }
    if (vector != null) {
      checkVector(vector, dimension, "vector of chunk " + c.id());
      List<Float> v = new ArrayList<>(vector.length);
      for (float x : vector) {
        v.add(x);
      }
      d.addField(VECTOR, v);
    }
    return d;
  }

  static Chunk toChunk(SolrDocument d) {
    Map<String, String> meta = new LinkedHashMap<>();
    Object json = d.getFirstValue(METADATA_JSON);
    if (json != null) {
      try {
        meta.putAll(JSON.readValue(json.toString(), MAP));
      } catch (JsonProcessingException e) {
        throw new MlException("bad metadata_json in Solr document " + d.getFirstValue(ID), e);
      }
    }
    for (String f : List.of(SOURCE, TITLE, SECTION, CHUNK_INDEX)) {
      Object v = d.getFirstValue(f);
      if (v != null) {
        meta.put(f, v.toString());
      }
    }
    Object text = d.getFirstValue(TEXT);
    return new Chunk(
        String.valueOf(d.getFirstValue(ID)), text == null ? "" : text.toString(), meta);
  }

  /**
   * Checks a vector: the right dimension, finite, not all zeros (cosine is undefined for it).
   *
   * @param v the vector
   * @param dimension expected dimension
   * @param what what it is, for the message
   */
  static void checkVector(float[] v, int dimension, String what) {
    if (v.length != dimension) {
      throw new MlException(
          what + " has dim " + v.length + "; the collection holds vectors of dim " + dimension);
    }
    boolean nonZero = false;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new MlException(what + " has non-finite values");
      }
      nonZero |= x != 0f;
    }
    if (!nonZero) {
      throw new MlException(what + " is all zeros (cosine similarity is undefined)");
    }
  }

  /** The knn query parser's vector literal. */
  static String vectorLiteral(float[] v) {
    StringBuilder b = new StringBuilder(v.length * 12).append('[');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(v[i]);
    }
    return b.append(']').toString();
  }
}
