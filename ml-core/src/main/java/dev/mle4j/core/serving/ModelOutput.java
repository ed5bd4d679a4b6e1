package dev.mle4j.core.serving;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a served model answers for one instance: a classification or a regression value. The server
 * batches, logs and writes both kinds through the same code; only the JSON body differs.
 */
sealed interface ModelOutput {

  /**
   * A classifier's answer.
   *
   * @param classification label, confidence and scores
   */
  record Label(Classification classification) implements ModelOutput {}

  /**
   * A regressor's answer.
   *
   * @param value the predicted number
   */
  record Value(double value) implements ModelOutput {}

  /**
   * The batch call of a served model: one output per input, in input order ({@code null} elements
   * or a {@code null} list when the model misbehaves; the server turns those into model failures).
   *
   * @param model the served model
   * @param <I> its input type
   * @return the batch function
   */
  static <I> Function<List<I>, List<ModelOutput>> predictFunction(ServedModel<I> model) {
    if (model.isRegressor()) {
      return inputs -> {
        double[] values = model.regressor().predictAll(inputs);
        if (values == null) {
          return null;
        }
        List<ModelOutput> out = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
          if (!Double.isFinite(values[i])) {
            throw new MlException(
                "model returned a non-finite prediction (" + values[i] + ") for input " + i);
          }
          out.add(new Value(values[i]));
        }
        return out;
      };
    }
    return inputs -> {
      List<Classification> results = model.classifier().classifyAll(inputs);
      if (results == null) {
        return null;
      }
      List<ModelOutput> out = new ArrayList<>(results.size());
      for (Classification c : results) {
        out.add(c == null ? null : new Label(c));
      }
      return out;
    };
  }
}
