package dev.mle4j.tabular.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.tabular.eval.MetricDirection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trials of a hyper-parameter search and the best one.
 *
 * @param sampler the search strategy, e.g. {@code random} or {@code tpe}
 * @param metric the optimised metric
 * @param direction whether higher or lower was better
 * @param trials every trial, in run order
 * @param bestParams the parameters of the best successful trial
 * @param bestScore its mean cross-validation score
 */
public record TuningResult(
    String sampler,
    String metric,
    MetricDirection direction,
    List<Trial> trials,
    Map<String, Object> bestParams,
    double bestScore) {

  /** Copies the collections. */
  public TuningResult {
    trials = List.copyOf(trials);
    bestParams = Collections.unmodifiableMap(new LinkedHashMap<>(bestParams));
  }

  /**
   * Builds a result from trials, picking the best successful one.
   *
   * @param sampler the strategy name
   * @param metric the metric
   * @param direction its direction
   * @param trials the trials
   * @return the result
   * @throws MlException if no trial succeeded
   */
  public static TuningResult of(
      String sampler, String metric, MetricDirection direction, List<Trial> trials) {
    Trial best = null;
    for (Trial t : trials) {
      if (t.ok() && (best == null || direction.isBetter(t.score(), best.score()))) {
        best = t;
      }
    }
    if (best == null) {
      String first = trials.isEmpty() ? "no trials" : trials.get(0).error();
      throw new MlException(
          "all " + trials.size() + " tuning trials failed; first error: " + first);
    }
    return new TuningResult(sampler, metric, direction, trials, best.params(), best.score());
  }

  /**
   * The best trial.
   *
   * @return the first trial with the best parameters and score
   */
  public Trial best() {
    for (Trial t : trials) {
      if (t.ok() && t.score() == bestScore && t.params().equals(bestParams)) {
        return t;
      }
    }
    throw new MlException("the best trial is not among the trials");
  }

  /**
   * The best score after each trial (for convergence charts).
   *
   * @return one value per trial, NaN until the first success
   */
  public double[] bestSoFar() {
    double[] out = new double[trials.size()];
    double best = Double.NaN;
    for (int i = 0; i < out.length; i++) {
      Trial t = trials.get(i);
      if (t.ok() && direction.isBetter(t.score(), best)) {
        best = t.score();
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * Writes the trials as CSV: {@code trial}, one column per parameter, {@code score}, {@code std},
   * {@code seconds}, {@code error}.
   *
   * @param file the CSV file
   */
  public void writeCsv(Path file) {
    List<String> names = paramNames();
    StringBuilder sb = new StringBuilder("trial");
    for (String n : names) {
      sb.append(',').append(csv(n));
    }
    sb.append(",rows,rung,score,std,seconds,error\n");
    for (Trial t : trials) {
      sb.append(t.number());
      for (String n : names) {
        Object v = t.params().get(n);
        sb.append(',').append(v == null ? "" : csv(String.valueOf(v)));
      }
      sb.append(',').append(t.rows()).append(',').append(t.rung());
      sb.append(',').append(num(t.score()));
      sb.append(',').append(num(t.std()));
      sb.append(',').append(t.seconds());
      sb.append(',').append(t.error() == null ? "" : csv(t.error()));
      sb.append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  /**
   * Writes the result as JSON: sampler, metric, direction, best_params, best_score and trials.
   *
   * @param file the JSON file
   */
  public void writeJson(Path file) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("sampler", sampler);
    root.put("metric", metric);
    root.put("direction", direction.name());
    root.set("best_params", mapper.valueToTree(bestParams));
    root.put("best_score", bestScore);
    ArrayNode array = root.putArray("trials");
    for (Trial t : trials) {
      ObjectNode node = array.addObject();
      node.put("trial", t.number());
      node.set("params", mapper.valueToTree(t.params()));
      node.put("rows", t.rows());
      node.put("rung", t.rung());
      if (t.ok()) {
        node.put("score", t.score());
        node.put("std", t.std());
      } else {
        node.putNull("score");
        node.put("error", t.error());
      }
      node.put("seconds", t.seconds());
    }
    try {
      AtomicFiles.writeString(file, mapper.writeValueAsString(root));
    } catch (IOException e) {
      throw new MlException("cannot write tuning result " + file + ": " + e.getMessage(), e);
    }
  }

  private List<String> paramNames() {
    List<String> names = new ArrayList<>();
    for (Trial t : trials) {
      for (String n : t.params().keySet()) {
        if (!names.contains(n)) {
          names.add(n);
        }
      }
    }
    return names;
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
