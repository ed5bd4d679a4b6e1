package dev.mle4j.nlp.data;

import dev.mle4j.core.MlException;
import dev.mle4j.core.report.Charts;
import dev.mle4j.nlp.text.TextAnalyzer;
import dev.mle4j.nlp.text.TextAnalyzerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Exploratory statistics of a labelled text data set: class counts and balance, text length in
 * characters and tokens, vocabulary size and duplicates.
 *
 * <pre>{@code
 * TextEda eda = TextEda.of(TextDatasets.smsSpam(DatasetCatalog.defaults()));
 * TextEda.Report report = TextEda.write(outDir, data, Map.of());  // + class-balance.png, text-length.png
 * }</pre>
 *
 * @param texts number of texts
 * @param classCounts texts per label, sorted by label
 * @param majorityShare fraction of texts with the most frequent label
 * @param imbalanceRatio texts of the most frequent label divided by texts of the least frequent one
 *     (1 for a balanced data set)
 * @param characters text length in characters
 * @param tokens text length in tokens of the analyzer, by default {@link
 *     TextAnalyzerOptions#defaults()} (Lucene standard tokenizer, lower case, punctuation removed,
 *     stop words kept, no stemming, tokens of at least 2 characters)
 * @param vocabularySize distinct tokens over all texts
 * @param duplicates texts whose exact text occurs earlier in the data set
 * @param conflictingDuplicates distinct texts that occur with more than one label
 */
public record TextEda(
    int texts,
    SortedMap<String, Integer> classCounts,
    double majorityShare,
    double imbalanceRatio,
    LengthStats characters,
    LengthStats tokens,
    int vocabularySize,
    int duplicates,
    int conflictingDuplicates) {

  /** File name of the class balance chart. */
  public static final String CLASS_BALANCE_PNG = "class-balance.png";

  /** File name of the text length histogram. */
  public static final String TEXT_LENGTH_PNG = "text-length.png";

  /** Copies the counts. */
  public TextEda {
    classCounts = Collections.unmodifiableSortedMap(new TreeMap<>(classCounts));
    Objects.requireNonNull(characters, "characters");
    Objects.requireNonNull(tokens, "tokens");
  }

  /**
   * Summary statistics of text lengths.
   *
   * @param mean mean length
   * @param median median length (mean of the two middle values for an even count)
   * @param p95 95th percentile (nearest rank)
   * @param max longest
   */
  public record LengthStats(double mean, double median, double p95, int max) {

    /**
     * Computes the statistics of some lengths.
     *
     * @param lengths the lengths (at least one)
     * @return the statistics
     */
    public static LengthStats of(int[] lengths) {
      if (lengths.length == 0) {
        throw new MlException("no lengths to summarize");
      }
      int[] sorted = lengths.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      double mean = Arrays.stream(sorted).asDoubleStream().sum() / n;
      double median =
          n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2.0;
      int rank = (int) Math.ceil(0.95 * n);
      return new LengthStats(mean, median, sorted[Math.max(rank, 1) - 1], sorted[n - 1]);
    }
  }

  /**
   * Computes the statistics with the default {@link TextAnalyzer}.
   *
   * @param data the texts (at least one)
   * @return the statistics
   * @throws MlException if the data set is empty
   */
  public static TextEda of(List<LabeledText> data) {
    try (TextAnalyzer analyzer = new TextAnalyzer(TextAnalyzerOptions.defaults())) {
      return of(data, analyzer);
    }
  }

  /**
   * Computes the statistics, counting tokens with the given analyzer.
   *
   * @param data the texts (at least one)
   * @param analyzer the tokenizer for token lengths and vocabulary
   * @return the statistics
   * @throws MlException if the data set is empty
   */
  public static TextEda of(List<LabeledText> data, TextAnalyzer analyzer) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(analyzer, "analyzer");
    if (data.isEmpty()) {
      throw new MlException("the data set is empty: no statistics to compute");
    }
    TreeMap<String, Integer> counts = new TreeMap<>();
    int[] chars = new int[data.size()];
    int[] tokens = new int[data.size()];
    Set<String> vocabulary = new HashSet<>();
    Map<String, String> firstLabel = new HashMap<>();
    Set<String> conflicting = new HashSet<>();
    int duplicates = 0;
    for (int i = 0; i < data.size(); i++) {
      LabeledText t = data.get(i);
      counts.merge(t.label(), 1, Integer::sum);
      chars[i] = t.text().length();
      List<String> toks = analyzer.tokens(t.text());
      tokens[i] = toks.size();
      vocabulary.addAll(toks);
      String previous = firstLabel.putIfAbsent(t.text(), t.label());
      if (previous != null) {
        duplicates++;
        if (!previous.equals(t.label())) {
          conflicting.add(t.text());
        }
      }
    }
    int max = Collections.max(counts.values());
    int min = Collections.min(counts.values());
    return new TextEda(
        data.size(),
        counts,
        max / (double) data.size(),
        max / (double) min,
        LengthStats.of(chars),
        LengthStats.of(tokens),
        vocabulary.size(),
        duplicates,
        conflicting.size());
  }

  /**
   * The statistics as ordered key/value pairs for a report or a JSON file (snake_case keys; class
   * counts as {@code class_count_<label>}).
   *
   * @return the key/value pairs
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("texts", texts);
    classCounts.forEach((label, count) -> m.put("class_count_" + label, count));
    m.put("majority_share", majorityShare);
    m.put("imbalance_ratio", imbalanceRatio);
    m.put("chars_mean", characters.mean());
    m.put("chars_median", characters.median());
    m.put("chars_p95", characters.p95());
    m.put("chars_max", characters.max());
    m.put("tokens_mean", tokens.mean());
    m.put("tokens_median", tokens.median());
    m.put("tokens_p95", tokens.p95());
    m.put("tokens_max", tokens.max());
    m.put("vocabulary_size", vocabularySize);
    m.put("duplicates", duplicates);
    m.put("conflicting_duplicates", conflictingDuplicates);
    return Collections.unmodifiableMap(m);
  }

  /**
   * The statistics and the charts written for a data set.
   *
   * @param eda the statistics
   * @param classBalanceChart the bar chart of texts per label ({@value #CLASS_BALANCE_PNG})
   * @param textLengthChart the histogram of text lengths in characters ({@value #TEXT_LENGTH_PNG})
   */
  public record Report(TextEda eda, Path classBalanceChart, Path textLengthChart) {

    /**
     * The key/value pairs to show, see {@link TextEda#toMap()}.
     *
     * @return the statistics
     */
    public Map<String, Object> keyValues() {
      return eda.toMap();
    }

    /**
     * The chart files, class balance first.
     *
     * @return the two PNG paths
     */
    public List<Path> charts() {
      return List.of(classBalanceChart, textLengthChart);
    }
  }

  /**
   * Computes the statistics and writes {@value #CLASS_BALANCE_PNG} and {@value #TEXT_LENGTH_PNG}
   * into a folder.
   *
   * @param dir the output folder (created when missing)
   * @param data all texts
   * @param splits optional named subsets (e.g. {@code train}, {@code validation}, {@code test}) to
   *     show as one bar series each in the class balance chart; when empty, one series {@code all}
   * @return the statistics and chart paths
   * @throws MlException if the data set is empty or a chart cannot be written
   */
  public static Report write(
      Path dir, List<LabeledText> data, Map<String, List<LabeledText>> splits) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(splits, "splits");
    TextEda eda = of(data);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MlException("Cannot create the output folder " + dir + ": " + e.getMessage(), e);
    }
    List<String> labels = List.copyOf(eda.classCounts().keySet());
    Map<String, double[]> balance = new LinkedHashMap<>();
    if (splits.isEmpty()) {
      balance.put("all", counts(data, labels));
    } else {
      splits.forEach(
          (name, rows) -> {
            if (!rows.isEmpty()) {
              balance.put(name, counts(rows, labels));
            }
          });
    }
    Path cb = dir.resolve(CLASS_BALANCE_PNG);
    Charts.bars(
        cb, splits.isEmpty() ? "Texts per label" : "Texts per label and split", labels, balance);
    double[] lengths = data.stream().mapToDouble(t -> t.text().length()).toArray();
    Path tl = dir.resolve(TEXT_LENGTH_PNG);
    Charts.histogram(tl, "Text length (all texts)", "characters", lengths, 50);
    return new Report(eda, cb, tl);
  }

  private static double[] counts(List<LabeledText> rows, List<String> labels) {
    double[] c = new double[labels.size()];
    for (LabeledText r : rows) {
      int k = labels.indexOf(r.label());
      if (k < 0) {
        throw new MlException(
            "label '" + r.label() + "' of a split is not in the data set's labels " + labels);
      }
      c[k]++;
    }
    return c;
  }
}
