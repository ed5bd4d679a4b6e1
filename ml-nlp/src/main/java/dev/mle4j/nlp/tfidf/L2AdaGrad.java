package dev.mle4j.nlp.tfidf;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.tribuo.math.Parameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.Matrix;
import org.tribuo.math.la.MatrixTuple;
import org.tribuo.math.la.Tensor;

/**
 * AdaGrad on the L2-regularised objective {@code sum_i loss_i(w) + l2/2 * ||w||^2} (bias column
 * excluded) for Tribuo linear models trained one example at a time on sparse features.
 *
 * <p>The penalty is applied lazily and without bias: at each step only the weights of the example's
 * active features are shrunk, feature {@code j} by {@code l2 / df(j) * w}, where {@code df(j)} is
 * the number of training examples in which {@code j} is active. Averaged over the examples this is
 * exactly the penalty's gradient {@code l2/n * w} per example, so the optimum is that of the
 * regularised objective while each step stays as sparse as the example. (Tribuo's own {@code
 * AdaGradRDA} cannot be used here: in Tribuo 4.3 its matrix form never advances its step counter,
 * so its L2 penalty has no effect.)
 */
final class L2AdaGrad implements StochasticGradientOptimiser {

  @Config(description = "Initial learning rate.")
  private double learningRate;

  @Config(description = "Epsilon for numerical stability.")
  private double epsilon;

  @Config(description = "L2 penalty on the summed loss (like 1/C in scikit-learn).")
  private double l2;

  private final int[] documentFrequency; // per Tribuo feature id
  private Parameters parameters;
  private double[][][] gradSquares;

  L2AdaGrad(double learningRate, double epsilon, double l2, int[] documentFrequency) {
    this.learningRate = learningRate;
    this.epsilon = epsilon;
    this.l2 = l2;
    this.documentFrequency = documentFrequency;
  }

  @Override
  public void initialise(Parameters params) {
    this.parameters = params;
    Tensor[] tensors = params.get();
    gradSquares = new double[tensors.length][][];
    for (int t = 0; t < tensors.length; t++) {
      if (!(tensors[t] instanceof Matrix m)) {
        throw new IllegalStateException("L2AdaGrad expects matrix parameters, got " + tensors[t]);
      }
      if (m.getDimension2Size() != documentFrequency.length + 1) {
        throw new IllegalStateException(
            "weight matrix has "
                + m.getDimension2Size()
                + " columns, expected "
                + (documentFrequency.length + 1)
                + " (features + bias)");
      }
      gradSquares[t] = new double[m.getDimension1Size()][m.getDimension2Size()];
    }
  }

  @Override
  public Tensor[] step(Tensor[] updates, double weight) {
    Tensor[] current = parameters.get();
    for (int t = 0; t < updates.length; t++) {
      Matrix update = (Matrix) updates[t];
      Matrix w = (Matrix) current[t];
      double[][] g2 = gradSquares[t];
      int bias = w.getDimension2Size() - 1;
      int count = 0;
      for (MatrixTuple ignored : update) {
        count++;
      }
      int[] rows = new int[count];
      int[] cols = new int[count];
      double[] values = new double[count];
      int k = 0;
      for (MatrixTuple tuple : update) {
        rows[k] = tuple.i;
        cols[k] = tuple.j;
        values[k] = tuple.value;
        k++;
      }
      for (int e = 0; e < k; e++) {
        int i = rows[e];
        int j = cols[e];
        // updates point downhill: minus the loss gradient, so the penalty is subtracted
        double g = weight * values[e];
        if (j != bias && l2 > 0) {
          g -= l2 / documentFrequency[j] * w.get(i, j);
        }
        g2[i][j] += g * g;
        update.set(i, j, learningRate * g / (epsilon + Math.sqrt(g2[i][j])));
      }
    }
    return updates;
  }

  @Override
  public void reset() {
    parameters = null;
    gradSquares = null;
  }

  @Override
  public L2AdaGrad copy() {
    return new L2AdaGrad(learningRate, epsilon, l2, documentFrequency);
  }

  @Override
  public ConfiguredObjectProvenance getProvenance() {
    return new ConfiguredObjectProvenanceImpl(this, "StochasticGradientOptimiser");
  }

  @Override
  public String toString() {
    return "L2AdaGrad(learningRate=" + learningRate + ",epsilon=" + epsilon + ",l2=" + l2 + ")";
  }
}
