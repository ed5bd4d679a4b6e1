package dev.mle4j.nlp;

import dev.mle4j.core.ModelCard;
import dev.mle4j.core.metrics.ClassificationReport;
import dev.mle4j.core.registry.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TextClassificationJob} run produced.
 *
 * @param dataset the data set name
 * @param card the model card as saved (metrics from the test split)
 * @param test metrics on the held-out test split
 * @param validation metrics on the validation split, empty when the validation ratio is 0
 * @param trainSeconds wall time of fitting the vectorizer and training the model
 * @param sizeBytes size of the saved model files (vectorizer and Tribuo model)
 * @param trainRows rows in the training split
 * @param validationRows rows in the validation split
 * @param testRows rows in the test split
 * @param outDir the run's output folder
 * @param modelDir the saved model folder ({@code outDir/model})
 * @param metricsFile {@code metrics.json}
 * @param reportFile {@code report.html}
 * @param charts the PNG charts written
 * @param registered the registry version, when a registry was given
 */
public record TextClassificationResult(
    String dataset,
    ModelCard card,
    ClassificationReport test,
    Optional<ClassificationReport> validation,
    double trainSeconds,
    long sizeBytes,
    int trainRows,
    int validationRows,
    int testRows,
    Path outDir,
    Path modelDir,
    Path metricsFile,
    Path reportFile,
    List<Path> charts,
    Optional<ModelVersion> registered) {

  /** Validates and copies. */
  public TextClassificationResult {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(card, "card");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(metricsFile, "metricsFile");
    Objects.requireNonNull(reportFile, "reportFile");
    Objects.requireNonNull(registered, "registered");
    charts = List.copyOf(charts);
  }
}
