package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Label encoding: each category becomes its position in an order, either given explicitly per
 * column or by training frequency (most frequent first, ties by name). Missing values become -1;
 * unseen categories become -1 or raise an error naming column and value. The column is replaced by
 * a numeric one.
 */
public final class OrdinalEncoder implements FeatureStep {

  /** What an unseen category becomes. */
  public enum Unseen {
    /** The code -1. */
    MINUS_ONE,
    /** An {@link MlException}. */
    ERROR
  }

  private final List<String> columns;
  private final Map<String, List<String>> orders;
  private final Unseen unseen;

  private OrdinalEncoder(List<String> columns, Map<String, List<String>> orders, Unseen unseen) {
    this.columns = List.copyOf(columns);
    this.orders = new LinkedHashMap<>(orders);
    this.unseen = Objects.requireNonNull(unseen, "unseen");
  }

  /**
   * Codes by training frequency.
   *
   * @param columns the columns (empty: all categorical columns)
   * @param unseen the unseen-category policy
   * @return the step
   */
  public static OrdinalEncoder byFrequency(List<String> columns, Unseen unseen) {
    return new OrdinalEncoder(columns, Map.of(), unseen);
  }

  /**
   * Codes in explicit orders (a column's training categories outside its order are unseen).
   *
   * @param orders column to its categories in code order
   * @param unseen the unseen-category policy
   * @return the step
   */
  public static OrdinalEncoder ordered(Map<String, List<String>> orders, Unseen unseen) {
    if (orders.isEmpty()) {
      throw new MlException("ordinal: give an order for at least one column");
    }
    return new OrdinalEncoder(new ArrayList<>(orders.keySet()), orders, unseen);
  }

  @Override
  public String name() {
    return "ordinal";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> cols = FeatureColumns.select(train, columns, name(), ColumnType.CATEGORICAL);
    Map<String, List<String>> codes = new LinkedHashMap<>();
    for (String c : cols) {
      if (orders.containsKey(c)) {
        codes.put(c, List.copyOf(orders.get(c)));
        continue;
      }
      Map<String, Integer> counts = new java.util.TreeMap<>();
      for (String s : train.strings(c)) {
        if (s != null) {
          counts.merge(s, 1, Integer::sum);
        }
      }
      List<String> order = new ArrayList<>(counts.keySet());
      order.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a)));
      codes.put(c, order);
    }
    return new FittedOrdinal(codes, unseen);
  }

  @Override
  public String toString() {
    return "Ordinal["
        + (orders.isEmpty() ? "by frequency" : "explicit")
        + ", unseen="
        + unseen
        + "]";
  }

  /**
   * A fitted {@link OrdinalEncoder}.
   *
   * @param codes per column: the categories in code order
   * @param unseen the unseen-category policy
   */
  public record FittedOrdinal(Map<String, List<String>> codes, Unseen unseen)
      implements FittedStep {

    /** Copies the map. */
    public FittedOrdinal {
      codes = new LinkedHashMap<>(codes);
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      for (Map.Entry<String, List<String>> e : codes.entrySet()) {
        String c = e.getKey();
        String[] v = FeatureColumns.strings(frame, c, "ordinal");
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int j = 0; j < e.getValue().size(); j++) {
          index.put(e.getValue().get(j), j);
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          if (v[i] == null) {
            out[i] = -1;
            continue;
          }
          Integer j = index.get(v[i]);
          if (j == null && unseen == Unseen.ERROR) {
            throw new MlException(
                "ordinal: column '"
                    + c
                    + "' has category '"
                    + v[i]
                    + "' that was not seen in training");
          }
          out[i] = j == null ? -1 : j;
        }
        df = df.with(c, ColumnType.NUMERIC, out);
      }
      return df;
    }
  }
}
