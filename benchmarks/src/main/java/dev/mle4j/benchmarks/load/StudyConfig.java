package dev.mle4j.benchmarks.load;

import dev.mle4j.core.MlException;
import java.util.List;

/**
 * What a {@link ServingStudy} ran: the models, the batching configurations, the load levels and the
 * machine, written at the top of {@code study.json}.
 *
 * @param models model labels, in run order (copied)
 * @param batchings batching configurations, in run order (copied)
 * @param concurrency virtual users per level, in run order (copied)
 * @param durationSeconds measured time per level
 * @param warmUpSeconds unmeasured warm-up per level
 * @param requestTimeoutSeconds client request timeout
 * @param endpoint the route loaded
 * @param dataset what the request bodies are, e.g. {@code sample-sms}
 * @param bodies number of request bodies sent in rotation
 * @param overloadUsers virtual users of the overload level, 0 when there is none
 * @param overloadQueueCapacity queue capacity of the overload level's server, 0 when there is none
 * @param cores available processors of the machine that ran the study
 * @param javaVersion the JVM's version
 */
public record StudyConfig(
    List<String> models,
    List<BatchingConfig> batchings,
    List<Integer> concurrency,
    double durationSeconds,
    double warmUpSeconds,
    double requestTimeoutSeconds,
    StudyEndpoint endpoint,
    String dataset,
    int bodies,
    int overloadUsers,
    int overloadQueueCapacity,
    int cores,
    String javaVersion) {

  /** Validates and copies the components. */
  public StudyConfig {
    if (models == null || models.isEmpty()) {
      throw new MlException("StudyConfig: models must not be empty");
    }
    if (batchings == null || batchings.isEmpty()) {
      throw new MlException("StudyConfig: batchings must not be empty");
    }
    if (concurrency == null || concurrency.isEmpty()) {
      throw new MlException("StudyConfig: concurrency must not be empty");
    }
    if (endpoint == null) {
      throw new MlException("StudyConfig: endpoint must not be null");
    }
    if (dataset == null || dataset.isBlank()) {
      throw new MlException("StudyConfig: dataset must not be blank");
    }
    models = List.copyOf(models);
    batchings = List.copyOf(batchings);
    concurrency = List.copyOf(concurrency);
  }

  /**
   * Whether the study ends each model with an overload level.
   *
   * @return true when {@link #overloadUsers()} is positive
   */
  public boolean hasOverloadLevel() {
    return overloadUsers > 0;
  }
}
