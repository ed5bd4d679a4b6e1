package dev.mle4j.nlp.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.CsvReader;
import dev.mle4j.core.data.CsvTable;
import dev.mle4j.core.data.DatasetCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Loads labelled text data sets: the SMS spam collection and user CSV/TSV files. */
public final class TextDatasets {

  /** The catalog id of the SMS spam collection. */
  public static final String SMS_SPAM = "sms-spam";

  private TextDatasets() {}

  /**
   * Loads the UCI SMS Spam Collection through a dataset catalog (verified by checksum, downloaded
   * when missing and online).
   *
   * @param catalog the catalog, e.g. {@link DatasetCatalog#defaults()}
   * @return the 5,574 messages labelled {@code ham} or {@code spam}, in file order
   * @throws MlException if the data set cannot be resolved or read
   */
  public static List<LabeledText> smsSpam(DatasetCatalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    return smsSpam(catalog.resolve(SMS_SPAM));
  }

  /**
   * Reads the UCI SMS Spam Collection file: one message per line, {@code label<TAB>text}, labels
   * {@code ham} and {@code spam} (5,574 messages in the original file).
   *
   * @param file the {@code SMSSpamCollection} file
   * @return the messages, in file order
   * @throws MlException if the file is missing or a line is malformed (naming the line)
   */
  public static List<LabeledText> smsSpam(Path file) {
    Objects.requireNonNull(file, "file");
    CsvTable table =
        CsvReader.builder()
            .separator('\t')
            .header(false)
            .columns(List.of("label", "text"))
            .quoting(false)
            .build()
            .read(file);
    return toLabeledTexts(table, "text", "label", file, false);
  }

  /**
   * Reads a delimited file with a header row into labelled texts. Fields may be quoted with {@code
   * "}; empty texts are kept, empty labels are rejected.
   *
   * @param file the file
   * @param textColumn the header name of the text column
   * @param labelColumn the header name of the label column
   * @param separator the field separator, e.g. {@code ','} or {@code '\t'}
   * @return the rows, in file order
   * @throws MlException if the file is missing or malformed, a column does not exist, or a label is
   *     empty (naming the file, column and line)
   */
  public static List<LabeledText> fromCsv(
      Path file, String textColumn, String labelColumn, char separator) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(textColumn, "textColumn");
    Objects.requireNonNull(labelColumn, "labelColumn");
    CsvTable table = CsvReader.builder().separator(separator).header(true).build().read(file);
    return toLabeledTexts(table, textColumn, labelColumn, file, true);
  }

  private static List<LabeledText> toLabeledTexts(
      CsvTable table, String textColumn, String labelColumn, Path file, boolean header) {
    int text;
    int label;
    try {
      text = table.columnIndex(textColumn);
      label = table.columnIndex(labelColumn);
    } catch (MlException e) {
      throw new MlException(file + ": " + e.getMessage(), e);
    }
    if (table.size() == 0) {
      throw new MlException(file + " has no data rows");
    }
    List<LabeledText> out = new ArrayList<>(table.size());
    for (int r = 0; r < table.size(); r++) {
      String[] row = table.rows().get(r);
      String l = row[label] == null ? "" : row[label].strip();
      if (l.isEmpty()) {
        throw new MlException(
            file
                + ": empty label in column '"
                + labelColumn
                + "' at data row "
                + (r + 1)
                + (header ? " (after the header)" : ""));
      }
      out.add(new LabeledText(row[text] == null ? "" : row[text], l));
    }
    return Collections.unmodifiableList(out);
  }
}
