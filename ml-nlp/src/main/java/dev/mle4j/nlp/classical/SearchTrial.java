package dev.mle4j.nlp.classical;

import dev.mle4j.core.MlException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluated combination of a {@link HyperparameterSearch}.
 *
 * @param rank 1 for the best trial (highest mean macro F1, ties to the smaller spread, then the
 *     earlier trial)
 * @param parameters the parameter values tried
 * @param meanMacroF1 mean of the folds' macro F1
 * @param stdMacroF1 population standard deviation of the folds' macro F1
 * @param foldMacroF1 macro F1 of each fold, in fold order
 * @param meanFitSeconds mean seconds to train one fold's model
 */
public record SearchTrial(
    int rank,
    Map<String, String> parameters,
    double meanMacroF1,
    double stdMacroF1,
    List<Double> foldMacroF1,
    double meanFitSeconds) {

  /** Validates and copies. */
  public SearchTrial {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(foldMacroF1, "foldMacroF1");
    if (rank < 1) {
      throw new MlException("rank must be at least 1, got " + rank);
    }
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    foldMacroF1 = List.copyOf(foldMacroF1);
  }

  SearchTrial withRank(int newRank) {
    return new SearchTrial(
        newRank, parameters, meanMacroF1, stdMacroF1, foldMacroF1, meanFitSeconds);
  }
}
