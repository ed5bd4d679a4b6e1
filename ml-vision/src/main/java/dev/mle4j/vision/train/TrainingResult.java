package dev.mle4j.vision.train;

import dev.mle4j.vision.ImageClassifier;
import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param classifier the classifier with the best checkpoint's weights (the caller closes it)
 * @param history one entry per epoch run
 * @param bestEpoch the epoch whose weights were kept (best validation accuracy, then loss)
 * @param trainSeconds wall time of training including validation
 * @param trainableParameters number of weights that were trained
 * @param stoppedEarly whether early stopping ended the run before the epoch limit
 */
public record TrainingResult(
    ImageClassifier classifier,
    List<EpochMetrics> history,
    int bestEpoch,
    double trainSeconds,
    long trainableParameters,
    boolean stoppedEarly) {

  /** Copies the history. */
  public TrainingResult {
    history = List.copyOf(history);
  }
}
