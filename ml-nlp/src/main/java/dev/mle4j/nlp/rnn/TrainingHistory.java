package dev.mle4j.nlp.rnn;

import java.util.List;

/**
 * The epochs an {@link RnnTextTrainer} ran and the one whose weights the model keeps.
 *
 * @param epochs one entry per epoch run, in order
 * @param bestEpoch the epoch with the lowest validation loss (the last epoch without validation)
 * @param stoppedEarly whether training stopped before the epoch budget because the validation loss
 *     had not improved for {@code patience} epochs
 */
public record TrainingHistory(List<EpochStats> epochs, int bestEpoch, boolean stoppedEarly) {

  /** Copies the list. */
  public TrainingHistory {
    epochs = List.copyOf(epochs);
  }

  /**
   * The number of epochs run.
   *
   * @return the count
   */
  public int epochsRun() {
    return epochs.size();
  }
}
