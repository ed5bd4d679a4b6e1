package dev.mle4j.vision.train;

/**
 * What one training epoch measured; one JSON line of {@code history.jsonl}.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss
 * @param trainAccuracy training accuracy (on augmented images, dropout on)
 * @param valLoss validation loss
 * @param valAccuracy validation accuracy
 * @param valMacroF1 validation macro F1
 * @param learningRate the head's learning rate at the end of the epoch
 * @param seconds wall time of the epoch including validation
 * @param best whether this epoch's weights became the best checkpoint
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double valMacroF1,
    double learningRate,
    double seconds,
    boolean best) {}
