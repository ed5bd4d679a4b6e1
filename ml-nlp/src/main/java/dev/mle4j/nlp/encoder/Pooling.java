package dev.mle4j.nlp.encoder;

import dev.mle4j.core.MlException;

/**
 * How token vectors ({@code last_hidden_state}, shape {@code [batch, sequence, dimension]}) become
 * one sentence vector. Padding positions (mask 0) never contribute.
 */
public enum Pooling {
  /** Average of the token vectors whose attention mask is 1 (sentence-transformers' default). */
  MEAN,
  /** The vector of the first token ({@code [CLS]}), as BGE models are trained. */
  CLS;

  /**
   * Pools a batch of token vectors.
   *
   * @param hidden token vectors, {@code [batch][sequence][dimension]}
   * @param mask attention masks, {@code [batch][sequence]}, 1 for real tokens and 0 for padding
   * @param normalize whether to scale each result to unit L2 norm
   * @return one vector per batch row
   * @throws MlException if the shapes disagree or a row has no real token
   */
  public float[][] pool(float[][][] hidden, long[][] mask, boolean normalize) {
    if (hidden == null || mask == null) {
      throw new MlException("hidden states and mask must not be null");
    }
    if (hidden.length != mask.length) {
      throw new MlException(
          "batch size differs: " + hidden.length + " hidden rows, " + mask.length + " mask rows");
    }
    if (hidden.length == 0) {
      return new float[0][];
    }
    int seq = hidden[0].length;
    int dim = seq == 0 ? 0 : hidden[0][0].length;
    float[] flat = new float[hidden.length * seq * dim];
    for (int b = 0; b < hidden.length; b++) {
      if (hidden[b].length != seq || mask[b].length != seq) {
        throw new MlException(
            "row "
                + b
                + " has "
                + hidden[b].length
                + " token vectors and "
                + mask[b].length
                + " mask values, expected "
                + seq);
      }
      for (int t = 0; t < seq; t++) {
        if (hidden[b][t].length != dim) {
          throw new MlException("token vector [" + b + "][" + t + "] has a different dimension");
        }
        System.arraycopy(hidden[b][t], 0, flat, (b * seq + t) * dim, dim);
      }
    }
    float[][] out = new float[hidden.length][];
    for (int b = 0; b < hidden.length; b++) {
      out[b] = poolRow(flat, b, seq, dim, mask[b], normalize);
    }
    return out;
  }

  /**
   * Pools row {@code b} of a flat {@code [batch, seq, dim]} buffer (as ONNX Runtime returns it).
   */
  float[] poolRow(float[] flat, int b, int seq, int dim, long[] mask, boolean normalize) {
    float[] v = new float[dim];
    int base = b * seq * dim;
    if (this == CLS) {
      if (seq == 0 || mask[0] == 0) {
        throw new MlException("row " + b + " has no first token to pool");
      }
      System.arraycopy(flat, base, v, 0, dim);
    } else {
      double[] sum = new double[dim];
      int count = 0;
      for (int t = 0; t < seq; t++) {
        if (mask[t] == 0) {
          continue;
        }
        count++;
        int off = base + t * dim;
        for (int d = 0; d < dim; d++) {
          sum[d] += flat[off + d];
        }
      }
      if (count == 0) {
        throw new MlException("row " + b + " has no token with attention mask 1");
      }
      for (int d = 0; d < dim; d++) {
        v[d] = (float) (sum[d] / count);
      }
    }
    if (normalize) {
      normalizeInPlace(v);
    }
    return v;
  }

  /**
   * Scales a vector to unit L2 norm; an all-zero vector stays zero.
   *
   * @param v the vector, changed in place
   */
  static void normalizeInPlace(float[] v) {
    double norm = 0.0;
    for (float x : v) {
      norm += (double) x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 1e-12) {
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) (v[d] / norm);
      }
    }
  }
}
