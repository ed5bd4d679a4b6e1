package dev.mle4j.nlp.encoder;

import dev.mle4j.core.MlException;
import java.util.Locale;
import java.util.Objects;

/**
 * The catalogue of sentence encoders bundled as class-path resources (ONNX graph and Hugging Face
 * {@code tokenizer.json}, from the langchain4j embedding jars; the Java classes of those jars are
 * not used). All are 384-dimensional BERT-style models with 512 positions; their embeddings are L2
 * normalised.
 */
public enum EncoderModel {
  /** sentence-transformers all-MiniLM-L6-v2, FP32: mean pooling. */
  ALL_MINILM_L6_V2(
      "all-minilm-l6-v2",
      "/all-minilm-l6-v2.onnx",
      "/all-minilm-l6-v2-tokenizer.json",
      Pooling.MEAN,
      "",
      "",
      false),
  /** all-MiniLM-L6-v2 with INT8 dynamic quantisation: mean pooling. */
  ALL_MINILM_L6_V2_Q(
      "all-minilm-l6-v2-q",
      "/all-minilm-l6-v2-q.onnx",
      "/all-minilm-l6-v2-q-tokenizer.json",
      Pooling.MEAN,
      "",
      "",
      true),
  /**
   * BAAI bge-small-en-v1.5, INT8: CLS pooling. No prefix: BGE's optional retrieval instruction is
   * meant for short queries against passages, not for classification.
   */
  BGE_SMALL_EN_V15_Q(
      "bge-small-en-v1.5-q",
      "/bge-small-en-v1.5-q.onnx",
      "/bge-small-en-v1.5-q-tokenizer.json",
      Pooling.CLS,
      "",
      "",
      true),
  /** intfloat e5-small-v2, INT8: mean pooling, {@code "query: "}/{@code "passage: "} prefixes. */
  E5_SMALL_V2_Q(
      "e5-small-v2-q",
      "/e5-small-v2-q.onnx",
      "/e5-small-v2-q-tokenizer.json",
      Pooling.MEAN,
      "query: ",
      "passage: ",
      true);

  /** The embedding size of every catalogued model. */
  public static final int DIMENSION = 384;

  /** The number of position embeddings, the hard upper bound for the token limit. */
  public static final int MAX_POSITIONS = 512;

  private final String id;
  private final String onnxResource;
  private final String tokenizerResource;
  private final Pooling pooling;
  private final String queryPrefix;
  private final String passagePrefix;
  private final boolean quantized;

  EncoderModel(
      String id,
      String onnxResource,
      String tokenizerResource,
      Pooling pooling,
      String queryPrefix,
      String passagePrefix,
      boolean quantized) {
    this.id = id;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.pooling = pooling;
    this.queryPrefix = queryPrefix;
    this.passagePrefix = passagePrefix;
    this.quantized = quantized;
  }

  /**
   * The stable id written into saved models, e.g. {@code all-minilm-l6-v2-q}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Class-path resource of the ONNX graph.
   *
   * @return an absolute resource path
   */
  public String onnxResource() {
    return onnxResource;
  }

  /**
   * Class-path resource of the Hugging Face {@code tokenizer.json}.
   *
   * @return an absolute resource path
   */
  public String tokenizerResource() {
    return tokenizerResource;
  }

  /**
   * How token vectors are pooled.
   *
   * @return the pooling
   */
  public Pooling pooling() {
    return pooling;
  }

  /**
   * The prefix put before a text of the given role (empty for models trained without one).
   *
   * @param role the role
   * @return the prefix
   */
  public String prefix(TextRole role) {
    return Objects.requireNonNull(role, "role") == TextRole.QUERY ? queryPrefix : passagePrefix;
  }

  /**
   * Whether the graph is INT8-quantised.
   *
   * @return true for the {@code -q} models
   */
  public boolean quantized() {
    return quantized;
  }

  /**
   * Embedding size.
   *
   * @return {@value #DIMENSION}
   */
  public int dimension() {
    return DIMENSION;
  }

  /**
   * Finds a model by {@link #id()} or enum name (case-insensitive).
   *
   * @param name the id, e.g. {@code e5-small-v2-q}
   * @return the model
   * @throws MlException if no model has that name
   */
  public static EncoderModel byId(String name) {
    if (name == null) {
      throw new MlException("encoder model name is null");
    }
    for (EncoderModel m : values()) {
      if (m.id.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name)) {
        return m;
      }
    }
    StringBuilder known = new StringBuilder();
    for (EncoderModel m : values()) {
      known.append(known.isEmpty() ? "" : ", ").append(m.id);
    }
    throw new MlException(
        "unknown encoder model '" + name.toLowerCase(Locale.ROOT) + "'; known: " + known);
  }
}
