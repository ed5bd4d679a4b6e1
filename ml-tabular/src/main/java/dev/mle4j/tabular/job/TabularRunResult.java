package dev.mle4j.tabular.job;

import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.tabular.data.TabularTask;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TabularTrainingJob} produced.
 *
 * @param dataset the data set name
 * @param task regression or classification
 * @param primaryMetric the metric that picked the best model
 * @param bestModel the name of the best model
 * @param models model name to its metrics.json entries ({@code cv_<metric>}, {@code train_seconds})
 * @param ablation feature-set variant to cross-validated primary metric (empty when not run)
 * @param outDir the output folder
 * @param artifactDir the saved artifact of the best model
 * @param registered the registry version, if registered
 * @param seconds wall-clock seconds of the whole job
 */
public record TabularRunResult(
    String dataset,
    TabularTask task,
    String primaryMetric,
    String bestModel,
    Map<String, Map<String, Double>> models,
    Map<String, Double> ablation,
    Path outDir,
    Path artifactDir,
    Optional<ModelVersion> registered,
    double seconds) {

  /** Copies the maps. */
  public TabularRunResult {
    models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    ablation = Collections.unmodifiableMap(new LinkedHashMap<>(ablation));
  }

  /**
   * The best model's cross-validated primary metric.
   *
   * @return the mean over folds
   */
  public double bestScore() {
    return models.get(bestModel).get("cv_" + primaryMetric);
  }
}
