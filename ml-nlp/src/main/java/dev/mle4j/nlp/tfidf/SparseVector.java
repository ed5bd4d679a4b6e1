package dev.mle4j.nlp.tfidf;

import dev.mle4j.core.MlException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A sparse vector: the non-zero entries of a vector of {@code dimension} values, with strictly
 * increasing indices. Arrays are copied in and out, so instances are immutable.
 *
 * @param dimension the full length of the vector
 * @param indices positions of the non-zero entries, strictly increasing, in [0, dimension)
 * @param values the value at each index
 */
public record SparseVector(int dimension, int[] indices, double[] values) {

  /** Validates and copies the arrays. */
  public SparseVector {
    Objects.requireNonNull(indices, "indices");
    Objects.requireNonNull(values, "values");
    if (dimension < 0) {
      throw new MlException("dimension must be >= 0, got " + dimension);
    }
    if (indices.length != values.length) {
      throw new MlException(
          "indices and values differ in length: " + indices.length + " vs " + values.length);
    }
    indices = indices.clone();
    values = values.clone();
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= dimension) {
        throw new MlException("index " + indices[i] + " out of range [0, " + dimension + ")");
      }
      if (i > 0 && indices[i] <= indices[i - 1]) {
        throw new MlException("indices must be strictly increasing at position " + i);
      }
    }
  }

  /**
   * Number of stored (non-zero) entries.
   *
   * @return the count
   */
  public int size() {
    return indices.length;
  }

  /**
   * A copy of the indices.
   *
   * @return the indices
   */
  @Override
  public int[] indices() {
    return indices.clone();
  }

  /**
   * A copy of the values.
   *
   * @return the values
   */
  @Override
  public double[] values() {
    return values.clone();
  }

  /**
   * The index of the {@code i}-th stored entry.
   *
   * @param i position among stored entries
   * @return the index
   */
  public int indexAt(int i) {
    return indices[i];
  }

  /**
   * The value of the {@code i}-th stored entry.
   *
   * @param i position among stored entries
   * @return the value
   */
  public double valueAt(int i) {
    return values[i];
  }

  /**
   * The value at a vector position (0 when not stored).
   *
   * @param index the position in [0, dimension)
   * @return the value
   */
  public double get(int index) {
    if (index < 0 || index >= dimension) {
      throw new MlException("index " + index + " out of range [0, " + dimension + ")");
    }
    int pos = Arrays.binarySearch(indices, index);
    return pos >= 0 ? values[pos] : 0.0;
  }

  /**
   * The dense form.
   *
   * @return an array of {@code dimension} values
   */
  public double[] toDense() {
    double[] out = new double[dimension];
    for (int i = 0; i < indices.length; i++) {
      out[indices[i]] = values[i];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseVector other
        && dimension == other.dimension
        && Arrays.equals(indices, other.indices)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dimension + Arrays.hashCode(indices)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "SparseVector[dimension="
        + dimension
        + ", indices="
        + Arrays.toString(indices)
        + ", values="
        + Arrays.toString(values)
        + "]";
  }
}
