package dev.mle4j.nlp.data;

import dev.mle4j.core.MlException;

/**
 * One e-mail of the SpamAssassin public corpus, parsed to text, with the corpus group it comes
 * from.
 *
 * @param group the corpus group (folder): {@code easy-ham-1}, {@code easy-ham-2}, {@code
 *     hard-ham-1}, {@code spam-1} or {@code spam-2}
 * @param id the message file name without {@code .txt}, e.g. {@code
 *     00001.7c53336b37003a9286aba55d2945844c}
 * @param example the text (subject and body) with its label, {@code ham} or {@code spam}
 */
public record SpamAssassinMessage(String group, String id, LabeledText example) {

  /** Validates. */
  public SpamAssassinMessage {
    if (group == null || group.isBlank() || id == null || id.isBlank() || example == null) {
      throw new MlException("SpamAssassin message needs a group, an id and an example");
    }
  }
}
