package dev.mle4j.tabular.monitoring;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.drift.ColumnDrift;
import dev.mle4j.tabular.drift.DriftResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Micrometer gauges for drift and model quality, updated from results:
 *
 * <ul>
 *   <li>{@code mle4j_drift_score{column,test}}: the latest score of each feature column (p-value or
 *       distance, see {@link dev.mle4j.tabular.drift.DriftMethod});
 *   <li>{@code mle4j_drift_share}: the share of drifted feature columns;
 *   <li>{@code mle4j_dataset_drift}: 1 when the dataset drifted, else 0;
 *   <li>{@code mle4j_model_metric{model,version,metric}}: the latest labelled window's metrics of a
 *       {@link PerformanceMonitor.Result}.
 * </ul>
 *
 * <p>Columns that disappear from a later drift result have their gauges removed. Gauges read NaN
 * until the first update. Instances are thread-safe.
 */
public final class DriftMetrics {
  private final MeterRegistry registry;
  private final Value share = new Value();
  private final Value dataset = new Value();
  private final Map<List<String>, Value> scores = new HashMap<>();
  private final Map<List<String>, Gauge> scoreGauges = new HashMap<>();
  private final Map<List<String>, Value> modelMetrics = new HashMap<>();

  private DriftMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("mle4j.drift.share", share, Value::get)
        .description("Share of drifted feature columns in the latest drift check")
        .register(registry);
    Gauge.builder("mle4j.dataset.drift", dataset, Value::get)
        .description("1 when the latest drift check found dataset drift, else 0")
        .register(registry);
  }

  /**
   * Registers the dataset gauges on a registry.
   *
   * @param registry the registry, e.g. a {@code PrometheusMeterRegistry}
   * @return the metrics, to update
   */
  public static DriftMetrics register(MeterRegistry registry) {
    return new DriftMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Sets the gauges from a drift result.
   *
   * @param result the latest drift result
   */
  public synchronized void update(DriftResult result) {
    if (result == null) {
      throw new MlException("drift metrics: the drift result is null");
    }
    share.set(result.driftShare());
    dataset.set(result.datasetDrift() ? 1.0 : 0.0);
    Set<List<String>> seen = new HashSet<>();
    for (ColumnDrift c : result.features()) {
      List<String> key = List.of(c.column(), c.method().id());
      seen.add(key);
      Value v =
          scores.computeIfAbsent(
              key,
              k -> {
                Value holder = new Value();
                scoreGauges.put(
                    k,
                    Gauge.builder("mle4j.drift.score", holder, Value::get)
                        .description("Latest drift test score of a feature column")
                        .tag("column", k.get(0))
                        .tag("test", k.get(1))
                        .register(registry));
                return holder;
              });
      v.set(c.score());
    }
    for (List<String> key : Set.copyOf(scores.keySet())) {
      if (!seen.contains(key)) {
        registry.remove(scoreGauges.remove(key));
        scores.remove(key);
      }
    }
  }

  /**
   * Sets {@code mle4j_model_metric} from the latest window with labels of each model version.
   *
   * @param result a performance result
   */
  public synchronized void update(PerformanceMonitor.Result result) {
    if (result == null) {
      throw new MlException("drift metrics: the performance result is null");
    }
    Map<String, PerformanceMonitor.WindowMetrics> latest = new HashMap<>();
    for (PerformanceMonitor.WindowMetrics w : result.windows()) {
      if (w.labelled() > 0) {
        latest.merge(
            w.model() + "@" + w.version(), w, (a, b) -> a.start().isAfter(b.start()) ? a : b);
      }
    }
    for (PerformanceMonitor.WindowMetrics w : latest.values()) {
      w.metrics()
          .forEach(
              (metric, value) ->
                  modelMetrics
                      .computeIfAbsent(
                          List.of(w.model(), w.version(), metric),
                          k -> {
                            Value holder = new Value();
                            Gauge.builder("mle4j.model.metric", holder, Value::get)
                                .description("Latest windowed metric of a served model")
                                .tag("model", k.get(0))
                                .tag("version", k.get(1))
                                .tag("metric", k.get(2))
                                .register(registry);
                            return holder;
                          })
                      .set(value));
    }
  }

  private static final class Value {
    private volatile double value = Double.NaN;

    double get() {
      return value;
    }

    void set(double v) {
      value = v;
    }
  }
}
