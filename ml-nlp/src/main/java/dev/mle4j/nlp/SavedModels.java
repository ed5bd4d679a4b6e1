package dev.mle4j.nlp;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Checks shared by the loaders of saved text models. */
public final class SavedModels {
  private SavedModels() {}

  /**
   * Checks that a saved model folder exists and that its card has the format a loader reads.
   *
   * @param dir the folder holding the artifact files
   * @param card the model card
   * @param format the format the calling loader reads
   * @throws MlException naming the folder and both formats when they do not match
   */
  public static void checkFolder(Path dir, ModelCard card, String format) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(card, "card");
    if (!Files.isDirectory(dir)) {
      throw new MlException("model folder " + dir + " does not exist or is no folder");
    }
    if (!format.equals(card.format())) {
      throw new MlException(
          "model in "
              + dir
              + " has format '"
              + card.format()
              + "', this loader reads '"
              + format
              + "'");
    }
  }

  /**
   * Checks that a model card matches the model it is attached to.
   *
   * @param card the card
   * @param format the model's format
   * @param labels the model's labels, in order
   * @return the card
   * @throws MlException naming the card when its format or labels differ
   */
  public static ModelCard checkCard(ModelCard card, String format, List<String> labels) {
    Objects.requireNonNull(card, "card");
    if (!format.equals(card.format())) {
      throw new MlException(
          "model card '"
              + card.name()
              + "' has format '"
              + card.format()
              + "', expected '"
              + format
              + "'");
    }
    if (!card.labels().equals(labels)) {
      throw new MlException(
          "model card '"
              + card.name()
              + "' lists labels "
              + card.labels()
              + ", model has "
              + labels);
    }
    return card;
  }
}
