package dev.mle4j.tabular.serving;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.TabularTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The predictions of a tabular model for some rows: one value per row for regression, one
 * probability per label per row for classification.
 *
 * @param task regression or classification
 * @param labels the class labels in output order (empty for regression)
 * @param outputs per row, {@code [value]} or the class probabilities; shared, do not modify
 */
public record TabularPredictions(TabularTask task, List<String> labels, double[][] outputs) {

  /** Validates the shapes. */
  public TabularPredictions {
    Objects.requireNonNull(task, "task");
    labels = List.copyOf(labels);
    Objects.requireNonNull(outputs, "outputs");
    int width = task == TabularTask.REGRESSION ? 1 : labels.size();
    for (int i = 0; i < outputs.length; i++) {
      if (outputs[i] == null || outputs[i].length != width) {
        throw new MlException(
            "the model returned "
                + (outputs[i] == null ? "no" : Integer.toString(outputs[i].length))
                + " values for row "
                + i
                + ", expected "
                + width);
      }
    }
  }

  /**
   * The number of rows.
   *
   * @return rows
   */
  public int size() {
    return outputs.length;
  }

  /**
   * The predicted value of one row (regression).
   *
   * @param row the row
   * @return the value
   * @throws MlException for a classification model
   */
  public double value(int row) {
    if (task != TabularTask.REGRESSION) {
      throw new MlException("a classification model predicts labels, not values");
    }
    return outputs[row][0];
  }

  /**
   * The predicted values of every row (regression).
   *
   * @return a new array
   */
  public double[] values() {
    double[] out = new double[outputs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = value(i);
    }
    return out;
  }

  /**
   * The classification of one row: the arg-max label, its probability and every label's.
   *
   * @param row the row
   * @return the classification
   * @throws MlException for a regression model
   */
  public Classification classification(int row) {
    if (task != TabularTask.CLASSIFICATION) {
      throw new MlException("a regression model predicts values, not labels");
    }
    return Classification.fromScores(labels, outputs[row]);
  }

  /**
   * The classifications of every row.
   *
   * @return one per row
   */
  public List<Classification> classifications() {
    List<Classification> out = new ArrayList<>(outputs.length);
    for (int i = 0; i < outputs.length; i++) {
      out.add(classification(i));
    }
    return out;
  }
}
