package dev.mle4j.nlp.rnn;

/**
 * What one training epoch of an {@link RnnTextTrainer} measured.
 *
 * @param epoch the epoch number, from 1
 * @param trainLoss mean softmax cross-entropy over the training batches (with dropout)
 * @param validationLoss mean cross-entropy on the validation rows, {@code NaN} without validation
 * @param validationAccuracy accuracy on the validation rows, {@code NaN} without validation
 * @param seconds wall time of the epoch including validation
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double validationLoss,
    double validationAccuracy,
    double seconds) {}
