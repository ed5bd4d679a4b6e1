package dev.mle4j.nlp.data;

import dev.mle4j.core.MlException;

/**
 * One labelled text example.
 *
 * @param text the text (not null, may be empty)
 * @param label the label (not null, not blank)
 */
public record LabeledText(String text, String label) {

  /** Validates. */
  public LabeledText {
    if (text == null) {
      throw new MlException("text is null");
    }
    if (label == null || label.isBlank()) {
      throw new MlException("label is empty for text '" + abbreviate(text) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
