package dev.mle4j.core.metrics;

import dev.mle4j.core.MlException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Counts of (true label, predicted label) pairs, like scikit-learn's {@code
 * confusion_matrix(y_true, y_pred, labels=labels)}: {@code counts[i][j]} is the number of samples
 * whose true label is {@code labels.get(i)} and whose predicted label is {@code labels.get(j)}.
 *
 * <p>The array is copied on the way in and out, so an instance is immutable.
 *
 * @param labels the labels, in row/column order, distinct
 * @param counts a square matrix of non-negative counts, rows = true, columns = predicted
 */
public record ConfusionMatrix(List<String> labels, long[][] counts) {

  /** Validates the shape and values and copies the counts. */
  public ConfusionMatrix {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(counts, "counts");
    labels = List.copyOf(labels);
    if (new HashSet<>(labels).size() != labels.size()) {
      throw new MlException("confusion matrix labels are not distinct: " + labels);
    }
    if (counts.length != labels.size()) {
      throw new MlException(
          "confusion matrix has " + counts.length + " rows but " + labels.size() + " labels");
    }
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == null || counts[i].length != labels.size()) {
        throw new MlException(
            "confusion matrix row "
                + i
                + " has "
                + (counts[i] == null ? "no" : String.valueOf(counts[i].length))
                + " columns but there are "
                + labels.size()
                + " labels");
      }
      for (int j = 0; j < counts[i].length; j++) {
        if (counts[i][j] < 0) {
          throw new MlException("confusion matrix count [" + i + "][" + j + "] is negative");
        }
      }
      copy[i] = counts[i].clone();
    }
    counts = copy;
  }

  /**
   * A copy of the counts.
   *
   * @return {@code counts[true][predicted]}
   */
  @Override
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /**
   * The number of samples with a given true and predicted label.
   *
   * @param trueLabel the true label
   * @param predictedLabel the predicted label
   * @return the count
   * @throws MlException if a label is not one of {@link #labels()}
   */
  public long count(String trueLabel, String predictedLabel) {
    return counts[indexOf(trueLabel)][indexOf(predictedLabel)];
  }

  /**
   * The number of samples whose true label is {@code label} (its support: the row sum).
   *
   * @param label the label
   * @return the row sum
   */
  public long trueCount(String label) {
    long sum = 0;
    for (long c : counts[indexOf(label)]) {
      sum += c;
    }
    return sum;
  }

  /**
   * The number of samples predicted as {@code label} (the column sum).
   *
   * @param label the label
   * @return the column sum
   */
  public long predictedCount(String label) {
    int j = indexOf(label);
    long sum = 0;
    for (long[] row : counts) {
      sum += row[j];
    }
    return sum;
  }

  /**
   * The number of correctly classified samples (the trace).
   *
   * @return the sum of the diagonal
   */
  public long correct() {
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += counts[i][i];
    }
    return sum;
  }

  /**
   * The number of samples (the sum of all counts).
   *
   * @return the total
   */
  public long total() {
    long sum = 0;
    for (long[] row : counts) {
      for (long c : row) {
        sum += c;
      }
    }
    return sum;
  }

  /**
   * The row/column index of a label.
   *
   * @param label the label
   * @return its index in {@link #labels()}
   * @throws MlException if it is not one of the labels
   */
  public int indexOf(String label) {
    int index = labels.indexOf(label);
    if (index < 0) {
      throw new MlException("label '" + label + "' is not one of " + labels);
    }
    return index;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix other
        && labels.equals(other.labels)
        && Arrays.deepEquals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return 31 * labels.hashCode() + Arrays.deepHashCode(counts);
  }

  @Override
  public String toString() {
    return "ConfusionMatrix[labels=" + labels + ", counts=" + Arrays.deepToString(counts) + "]";
  }
}
