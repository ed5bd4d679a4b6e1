package dev.mle4j.nlp.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.data.Fingerprints;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Labelled texts loaded from a catalog data set or a user CSV, with the name and fingerprint that
 * reports and model cards record.
 *
 * @param name data set name (catalog id or CSV file name without extension)
 * @param rows the labelled texts in file order
 * @param fingerprint SHA-256 of the source file or folder
 */
public record TextSource(String name, List<LabeledText> rows, String fingerprint) {

  /** The catalog ids {@link #dataset} knows. */
  public static final List<String> DATASETS =
      List.of(TextDatasets.SMS_SPAM, TextDatasets.SPAM_ASSASSIN);

  /** Validates and copies. */
  public TextSource {
    Objects.requireNonNull(name, "name");
    rows = List.copyOf(rows);
    fingerprint = fingerprint == null ? "" : fingerprint;
  }

  /**
   * Loads a catalog text data set.
   *
   * @param id a catalog id from {@link #DATASETS}
   * @param catalog the catalog (resolves, verifies and downloads files)
   * @return the texts
   * @throws MlException for an id that is not a text classification data set
   */
  public static TextSource dataset(String id, DatasetCatalog catalog) {
    if (TextDatasets.SMS_SPAM.equals(id)) {
      Path file = catalog.resolve(id);
      return new TextSource(id, TextDatasets.smsSpam(file), Fingerprints.sha256(file));
    }
    if (TextDatasets.SPAM_ASSASSIN.equals(id)) {
      Path dir = catalog.resolve(id);
      return new TextSource(id, TextDatasets.spamAssassin(catalog), Fingerprints.sha256OfTree(dir));
    }
    throw new MlException(
        "'" + id + "' is not a text classification data set; known: " + DATASETS + " (or --csv)");
  }

  /**
   * Loads a user CSV.
   *
   * @param file the CSV or TSV file
   * @param textColumn text column name
   * @param labelColumn label column name
   * @param separator field separator
   * @return the texts
   */
  public static TextSource csv(Path file, String textColumn, String labelColumn, char separator) {
    List<LabeledText> rows = TextDatasets.fromCsv(file, textColumn, labelColumn, separator);
    String base = file.getFileName().toString();
    int dot = base.lastIndexOf('.');
    return new TextSource(dot > 0 ? base.substring(0, dot) : base, rows, Fingerprints.sha256(file));
  }
}
