package dev.mle4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer of a {@link Classifier} for one input.
 *
 * @param label the predicted label (the one with the highest score)
 * @param confidence the score of the predicted label, in [0, 1]
 * @param scores the score of every label, in the classifier's label order
 */
public record Classification(String label, double confidence, Map<String, Double> scores) {

  /** Validates and defensively copies the scores (keeping their order). */
  public Classification {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(scores, "scores");
    if (Double.isNaN(confidence)) {
      throw new IllegalArgumentException("confidence is NaN");
    }
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
  }

  /**
   * Builds a classification from a probability vector: the label is the arg-max.
   *
   * @param labels label names, in the same order as {@code probabilities}
   * @param probabilities one score per label
   * @return the classification
   */
  public static Classification fromScores(java.util.List<String> labels, double[] probabilities) {
    if (labels.size() != probabilities.length || labels.isEmpty()) {
      throw new IllegalArgumentException(
          "need one score per label: "
              + labels.size()
              + " labels, "
              + probabilities.length
              + " scores");
    }
    Map<String, Double> map = new LinkedHashMap<>();
    int best = 0;
    for (int i = 0; i < probabilities.length; i++) {
      map.put(labels.get(i), probabilities[i]);
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return new Classification(labels.get(best), probabilities[best], map);
  }
}
