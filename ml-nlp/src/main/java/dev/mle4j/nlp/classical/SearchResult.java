package dev.mle4j.nlp.classical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ranked trials of a {@link HyperparameterSearch}, best first.
 *
 * @param model the model name searched, e.g. {@code tfidf-logreg}
 * @param mode grid or random
 * @param folds the number of stratified folds
 * @param seed the seed of the fold assignment and of the random draws
 * @param trainRows the number of training rows the folds were made from
 * @param trials the trials, ranked (rank 1 first)
 */
public record SearchResult(
    String model, SearchMode mode, int folds, long seed, int trainRows, List<SearchTrial> trials) {

  /** File name of {@link #writeTo(Path)}'s CSV table. */
  public static final String CSV_FILE = "search_results.csv";

  /** File name of {@link #writeTo(Path)}'s JSON form. */
  public static final String JSON_FILE = "search_results.json";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Validates and copies. */
  public SearchResult {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(trials, "trials");
    if (trials.isEmpty()) {
      throw new MlException("a search result needs at least one trial");
    }
    trials = List.copyOf(trials);
  }

  /**
   * The best trial.
   *
   * @return the trial ranked 1
   */
  public SearchTrial best() {
    return trials.get(0);
  }

  /**
   * The results as a CSV table: {@code rank}, one column per parameter, {@code mean_macro_f1},
   * {@code std_macro_f1}, {@code fold_macro_f1} (semicolon-separated) and {@code fit_seconds}.
   *
   * @return the CSV text, header first, one row per trial in rank order
   */
  public String toCsv() {
    Set<String> params = new LinkedHashSet<>();
    trials.forEach(t -> params.addAll(t.parameters().keySet()));
    StringBuilder sb = new StringBuilder("rank");
    for (String p : params) {
      sb.append(',').append(csv(p));
    }
    sb.append(",mean_macro_f1,std_macro_f1,fold_macro_f1,fit_seconds\n");
    for (SearchTrial t : trials) {
      sb.append(t.rank());
      for (String p : params) {
        sb.append(',').append(csv(t.parameters().getOrDefault(p, "")));
      }
      List<String> folds = new ArrayList<>();
      t.foldMacroF1().forEach(f -> folds.add(String.format(Locale.ROOT, "%.6f", f)));
      sb.append(String.format(Locale.ROOT, ",%.6f,%.6f,", t.meanMacroF1(), t.stdMacroF1()))
          .append(String.join(";", folds))
          .append(String.format(Locale.ROOT, ",%.3f%n", t.meanFitSeconds()));
    }
    return sb.toString();
  }

  private static String csv(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }

  /**
   * The results as JSON: the search settings and the ranked trials.
   *
   * @return the JSON text
   */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("model", model);
    root.put("mode", mode.name().toLowerCase(Locale.ROOT));
    root.put("folds", folds);
    root.put("seed", seed);
    root.put("train_rows", trainRows);
    root.put("metric", "macro_f1");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SearchTrial t : trials) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rank", t.rank());
      row.put("parameters", t.parameters());
      row.put("mean_macro_f1", t.meanMacroF1());
      row.put("std_macro_f1", t.stdMacroF1());
      row.put("fold_macro_f1", t.foldMacroF1());
      row.put("fit_seconds", t.meanFitSeconds());
      rows.add(row);
    }
    root.put("trials", rows);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new MlException("cannot write search results as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@value #CSV_FILE} and {@value #JSON_FILE} into a folder (created if missing).
   *
   * @param dir the folder
   * @throws MlException if a file cannot be written
   */
  public void writeTo(Path dir) {
    Objects.requireNonNull(dir, "dir");
    AtomicFiles.writeString(dir.resolve(CSV_FILE), toCsv());
    AtomicFiles.writeString(dir.resolve(JSON_FILE), toJson());
  }
}
