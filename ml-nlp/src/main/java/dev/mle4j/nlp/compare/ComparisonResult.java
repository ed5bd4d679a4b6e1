package dev.mle4j.nlp.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TextModelComparison} measured and wrote.
 *
 * @param dataset data set name
 * @param models one result per model that trained, in run order
 * @param failures model name to error message for models that failed
 * @param trainRows rows used for training
 * @param validationRows rows used for validation (early stopping, checkpoints)
 * @param testRows held-out rows every model is scored on
 * @param sharedErrors test rows misclassified by every model
 * @param outDir output folder
 */
public record ComparisonResult(
    String dataset,
    List<ModelResult> models,
    Map<String, String> failures,
    int trainRows,
    int validationRows,
    int testRows,
    int sharedErrors,
    Path outDir) {

  /** Copies the collections. */
  public ComparisonResult {
    models = List.copyOf(models);
    failures = Map.copyOf(failures);
  }

  /**
   * The model with the best macro F1 on the test rows.
   *
   * @return the best model, empty when none trained
   */
  public Optional<ModelResult> best() {
    return models.stream().max(java.util.Comparator.comparingDouble(m -> m.test().macroF1()));
  }
}
