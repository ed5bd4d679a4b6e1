package dev.mle4j.nlp.ort;

import dev.mle4j.core.MlException;
import java.util.List;

/**
 * What {@value OrtTextClassifier#CONFIG_FILE} holds next to an exported text classifier.
 *
 * @param labels class labels in the order of the model's logits
 * @param maxLength maximum tokens per text (longer texts are truncated)
 * @param precision weight precision of the graph, e.g. {@code fp32} or {@code int8}
 * @param source where the graph came from (e.g. the fine-tuned model's name and version)
 */
public record OrtTextConfig(List<String> labels, int maxLength, String precision, String source) {

  /** Validates and copies. */
  public OrtTextConfig {
    if (labels == null || labels.size() < 2) {
      throw new MlException("an ONNX text classifier needs at least 2 labels, got " + labels);
    }
    labels = List.copyOf(labels);
    if (maxLength < 2) {
      throw new MlException("max length must be >= 2 tokens, got " + maxLength);
    }
    precision = precision == null || precision.isBlank() ? "fp32" : precision;
    source = source == null ? "" : source;
  }

  /**
   * This configuration with another precision.
   *
   * @param value the precision
   * @return the copy
   */
  public OrtTextConfig withPrecision(String value) {
    return new OrtTextConfig(labels, maxLength, value, source);
  }
}
