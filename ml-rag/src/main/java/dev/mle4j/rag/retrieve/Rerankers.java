package dev.mle4j.rag.retrieve;

import dev.mle4j.core.Embedder;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a reranker from a short specification, as command lines and configuration files give it:
 *
 * <ul>
 *   <li>{@code none}: no reranking;
 *   <li>{@code onnx:<folder>}: a cross-encoder exported to ONNX ({@code model.onnx} and {@code
 *       tokenizer.json} in the folder), see {@link OnnxCrossEncoder};
 *   <li>{@code embedding:<model>}: re-scores the candidates with a second embedding model over the
 *       whole chunk (for example {@code embedding:bge-small-en-v1.5-q}, which reads 512 tokens),
 *       see {@link EmbeddingReranker} — the offline default, since no cross-encoder ships with
 *       mle4j.
 * </ul>
 */
public final class Rerankers {
  /** The default specification. */
  public static final String DEFAULT = "embedding:bge-small-en-v1.5-q";

  private Rerankers() {}

  /**
   * An open reranker and what it holds open.
   *
   * @param reranker the reranker, or null for {@code none}
   * @param resource what to close after use (the model), or null
   */
  public record Opened(Reranker reranker, AutoCloseable resource) implements AutoCloseable {
    @Override
    public void close() {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception e) {
          throw new MlException("cannot close reranker " + reranker.name() + ": " + e, e);
        }
      }
    }
  }

  /**
   * Opens a reranker.
   *
   * @param spec the specification
   * @param embedders where embedding models are found
   * @return the opened reranker
   * @throws MlException for an unknown specification or a model that cannot be opened
   */
  public static Opened open(String spec, Embedders embedders) {
    String s = spec == null ? "" : spec.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("none")) {
      return new Opened(null, null);
    }
    if (lower.startsWith("onnx:")) {
      Path dir = Path.of(s.substring("onnx:".length()));
      if (!Files.exists(dir)) {
        throw new MlException("cross-encoder model " + dir + " does not exist");
      }
      OnnxCrossEncoder ce = OnnxCrossEncoder.open(dir);
      return new Opened(ce, ce);
    }
    if (lower.startsWith("embedding:")) {
      Embedder e = embedders.open(s.substring("embedding:".length()), EmbedderOptions.defaults());
      return new Opened(new EmbeddingReranker(e), e);
    }
    throw new MlException(
        "unknown reranker '" + s + "'; use none, onnx:<folder> or embedding:<model>");
  }
}
