package dev.mle4j.tabular.features;

import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes categories by their share of training rows in a numeric column {@code <col>__freq}
 * (missing values count as the category {@code __missing__}; unseen categories get 0). The original
 * column is dropped unless {@code keepOriginal} is set (so another encoder can use it too).
 */
public final class FrequencyEncoder implements FeatureStep {

  private final List<String> columns;
  private final boolean keepOriginal;

  private FrequencyEncoder(List<String> columns, boolean keepOriginal) {
    this.columns = List.copyOf(columns);
    this.keepOriginal = keepOriginal;
  }

  /**
   * An encoder.
   *
   * @param columns the columns (empty: all categorical columns)
   * @param keepOriginal whether the categorical column stays
   * @return the step
   */
  public static FrequencyEncoder of(List<String> columns, boolean keepOriginal) {
    return new FrequencyEncoder(columns, keepOriginal);
  }

  @Override
  public String name() {
    return "frequency";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> cols = FeatureColumns.select(train, columns, name(), ColumnType.CATEGORICAL);
    Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
    for (String c : cols) {
      Map<String, Double> s = new TreeMap<>();
      FeatureColumns.counts(train.strings(c))
          .forEach((k, n) -> s.put(k, (double) n / Math.max(1, train.rows())));
      shares.put(c, s);
    }
    return new FittedFrequency(shares, keepOriginal);
  }

  @Override
  public String toString() {
    return "Frequency[keepOriginal="
        + keepOriginal
        + (columns.isEmpty() ? "" : ", " + columns)
        + "]";
  }

  /**
   * A fitted {@link FrequencyEncoder}.
   *
   * @param shares per column: category to share of training rows
   * @param keepOriginal whether the categorical column stays
   */
  public record FittedFrequency(Map<String, Map<String, Double>> shares, boolean keepOriginal)
      implements FittedStep {

    /** Copies the map. */
    public FittedFrequency {
      shares = new LinkedHashMap<>(shares);
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      for (Map.Entry<String, Map<String, Double>> e : shares.entrySet()) {
        String c = e.getKey();
        String[] v = FeatureColumns.strings(frame, c, "frequency");
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          out[i] = e.getValue().getOrDefault(FeatureColumns.key(v[i]), 0.0);
        }
        if (!keepOriginal) {
          df = df.drop(List.of(c));
        }
        df = df.with(c + "__freq", ColumnType.NUMERIC, out);
      }
      return df;
    }
  }
}
