package dev.mle4j.core.metrics;

import dev.mle4j.core.MlException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The metrics of a classifier on a labelled sample, as computed by {@link
 * ClassificationMetrics#evaluate}.
 *
 * <ul>
 *   <li>{@code accuracy}: fraction of samples whose predicted label equals the true label.
 *   <li>{@code perClass}: one-vs-rest precision, recall, F1 and support of every label (see {@link
 *       ClassMetrics}), in label order.
 *   <li>{@code macro*}: unweighted mean of the per-class values over all labels, including labels
 *       with no sample (scikit-learn {@code average='macro'} with {@code labels=}).
 *   <li>{@code weighted*}: mean of the per-class values weighted by support ({@code
 *       average='weighted'}).
 *   <li>{@code rocAuc}: area under the ROC curve, present only when scores were given. Binary
 *       problems: AUC of "true label is {@code labels.get(1)}" against the score of {@code
 *       labels.get(1)}. More than two labels: mean over labels of the one-vs-rest AUC (scikit-learn
 *       {@code multi_class='ovr', average='macro'}).
 *   <li>{@code rocCurve}: the ROC curve points of a binary problem with scores, for charts.
 * </ul>
 *
 * @param accuracy fraction of correct predictions
 * @param perClass per-label metrics, in label order
 * @param macroPrecision unweighted mean of per-class precision
 * @param macroRecall unweighted mean of per-class recall
 * @param macroF1 unweighted mean of per-class F1
 * @param weightedPrecision support-weighted mean of per-class precision
 * @param weightedRecall support-weighted mean of per-class recall
 * @param weightedF1 support-weighted mean of per-class F1
 * @param rocAuc ROC-AUC, empty when no scores were given
 * @param rocCurve ROC curve of a binary problem with scores, empty otherwise
 * @param confusionMatrix counts of (true, predicted) label pairs
 */
public record ClassificationReport(
    double accuracy,
    List<ClassMetrics> perClass,
    double macroPrecision,
    double macroRecall,
    double macroF1,
    double weightedPrecision,
    double weightedRecall,
    double weightedF1,
    OptionalDouble rocAuc,
    Optional<RocCurve> rocCurve,
    ConfusionMatrix confusionMatrix) {

  /** Validates that the parts describe the same labels and copies the list. */
  public ClassificationReport {
    Objects.requireNonNull(perClass, "perClass");
    Objects.requireNonNull(rocAuc, "rocAuc");
    Objects.requireNonNull(rocCurve, "rocCurve");
    Objects.requireNonNull(confusionMatrix, "confusionMatrix");
    perClass = List.copyOf(perClass);
    List<String> perClassLabels = perClass.stream().map(ClassMetrics::label).toList();
    if (!perClassLabels.equals(confusionMatrix.labels())) {
      throw new MlException(
          "per-class labels "
              + perClassLabels
              + " differ from confusion matrix labels "
              + confusionMatrix.labels());
    }
  }

  /**
   * The labels, in the order of {@link #perClass()} and of the confusion matrix.
   *
   * @return the labels
   */
  public List<String> labels() {
    return confusionMatrix.labels();
  }

  /**
   * The metrics of one label.
   *
   * @param label the label
   * @return its precision, recall, F1 and support
   * @throws MlException if the label is not one of {@link #labels()}
   */
  public ClassMetrics forLabel(String label) {
    return perClass.get(confusionMatrix.indexOf(label));
  }

  /**
   * The metrics as a flat map with snake_case names, in a stable order: {@code accuracy}, {@code
   * macro_precision}, {@code macro_recall}, {@code macro_f1}, {@code weighted_precision}, {@code
   * weighted_recall}, {@code weighted_f1}, {@code roc_auc} (only when present), then {@code
   * precision_<label>}, {@code recall_<label>}, {@code f1_<label>} for every label, the label in
   * snake_case (lower case, camelCase split, other characters replaced by {@code _}; a label with
   * no letter or digit becomes {@code class_<index>}).
   *
   * @return a new mutable map, insertion-ordered
   * @throws MlException if two labels have the same snake_case form
   */
  public Map<String, Double> toMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("accuracy", accuracy);
    map.put("macro_precision", macroPrecision);
    map.put("macro_recall", macroRecall);
    map.put("macro_f1", macroF1);
    map.put("weighted_precision", weightedPrecision);
    map.put("weighted_recall", weightedRecall);
    map.put("weighted_f1", weightedF1);
    rocAuc.ifPresent(auc -> map.put("roc_auc", auc));
    List<String> names = MetricNames.snakeCaseAll(labels());
    for (int i = 0; i < perClass.size(); i++) {
      ClassMetrics m = perClass.get(i);
      map.put("precision_" + names.get(i), m.precision());
      map.put("recall_" + names.get(i), m.recall());
      map.put("f1_" + names.get(i), m.f1());
    }
    return map;
  }
}
