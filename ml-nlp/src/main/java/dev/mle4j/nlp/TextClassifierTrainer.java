package dev.mle4j.nlp;

import dev.mle4j.nlp.data.LabeledText;
import java.util.List;
import java.util.Map;

/**
 * Trains one kind of text classifier (one row of the comparison table, e.g. {@code tfidf-logreg},
 * {@code lstm}, {@code minilm-head}). Implementations are configured by their own builders and
 * created by name through a {@link TextTrainerProvider}.
 */
public interface TextClassifierTrainer {

  /**
   * The model name used in {@code metrics.json}, the comparison table and the launcher.
   *
   * @return a lowercase name such as {@code tfidf-logreg}
   */
  String name();

  /**
   * Trains on the training rows; trainers that stop early or pick a checkpoint use the validation
   * rows, the others ignore them. The test rows are never passed in.
   *
   * @param train training rows
   * @param validation validation rows (may be empty)
   * @return the trained classifier
   */
  SavableTextClassifier train(List<LabeledText> train, List<LabeledText> validation);

  /**
   * Hyper-parameters for the model card and reports.
   *
   * @return parameter names and values
   */
  Map<String, String> parameters();
}
