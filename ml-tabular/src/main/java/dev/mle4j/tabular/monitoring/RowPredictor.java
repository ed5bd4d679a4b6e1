package dev.mle4j.tabular.monitoring;

import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.serving.TabularPredictions;
import dev.mle4j.tabular.serving.TabularPredictor;
import java.util.Map;
import java.util.Objects;

/** Predicts one row: the smallest interface a {@link ShadowDeployment} needs. */
@FunctionalInterface
public interface RowPredictor {

  /**
   * Predicts one row.
   *
   * @param row column name to value
   * @return the prediction
   */
  Prediction predict(Map<String, Object> row);

  /**
   * Adapts a tabular predictor.
   *
   * @param predictor the predictor (closed by its owner)
   * @return the row predictor
   */
  static RowPredictor of(TabularPredictor predictor) {
    Objects.requireNonNull(predictor, "predictor");
    return row -> {
      TabularPredictions p = predictor.predictRow(row);
      if (p.task() == TabularTask.CLASSIFICATION) {
        var c = p.classification(0);
        return Prediction.of(c.label(), c.confidence());
      }
      return Prediction.of(p.value(0));
    };
  }
}
