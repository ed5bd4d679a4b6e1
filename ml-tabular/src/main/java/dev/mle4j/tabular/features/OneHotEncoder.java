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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One 0/1 column {@code <col>=<value>} per training category with at least {@code minFrequency}
 * rows; rarer categories share the column {@code <col>=__rare__}. A missing value is the category
 * {@code __missing__}. Categories not seen in training follow the {@link Unseen} policy (default:
 * the rare bucket); a missing value that was not seen in training gives an all-zero row under the
 * {@link Unseen#ERROR} policy. The original column is replaced.
 */
public final class OneHotEncoder implements FeatureStep {

  /** What an unseen category becomes. */
  public enum Unseen {
    /** All indicator columns 0. */
    ZEROS,
    /** The {@code <col>=__rare__} column (always created under this policy). */
    RARE,
    /** An {@link MlException} naming the column and value. */
    ERROR
  }

  /** The name of the rare bucket value. */
  public static final String RARE = "__rare__";

  private final List<String> columns;
  private final int minFrequency;
  private final Unseen unseen;

  private OneHotEncoder(List<String> columns, int minFrequency, Unseen unseen) {
    if (minFrequency < 1) {
      throw new MlException("one-hot: minFrequency must be >= 1, got " + minFrequency);
    }
    this.columns = List.copyOf(columns);
    this.minFrequency = minFrequency;
    this.unseen = Objects.requireNonNull(unseen, "unseen");
  }

  /**
   * An encoder.
   *
   * @param columns the columns (empty: all categorical columns)
   * @param minFrequency minimum training count of a category to get its own column
   * @param unseen the unseen-category policy
   * @return the step
   */
  public static OneHotEncoder of(List<String> columns, int minFrequency, Unseen unseen) {
    return new OneHotEncoder(columns, minFrequency, unseen);
  }

  /**
   * All categorical columns, every category its own column, unseen to the rare bucket.
   *
   * @return the step
   */
  public static OneHotEncoder defaults() {
    return new OneHotEncoder(List.of(), 1, Unseen.RARE);
  }

  @Override
  public String name() {
    return "one-hot";
  }

  /**
   * The number of output columns a training column would get.
   *
   * @param values the training values
   * @param minFrequency the rare threshold
   * @param unseen the policy
   * @return kept categories plus one for the rare bucket if present
   */
  public static int width(String[] values, int minFrequency, Unseen unseen) {
    int kept = 0;
    boolean rare = unseen == Unseen.RARE;
    for (int n : FeatureColumns.counts(values).values()) {
      if (n >= minFrequency) {
        kept++;
      } else {
        rare = true;
      }
    }
    return kept + (rare ? 1 : 0);
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> cols = FeatureColumns.select(train, columns, name(), ColumnType.CATEGORICAL);
    Map<String, List<String>> kept = new LinkedHashMap<>();
    Map<String, List<String>> rare = new LinkedHashMap<>();
    for (String c : cols) {
      Map<String, Integer> counts = new TreeMap<>(FeatureColumns.counts(train.strings(c)));
      List<String> k = new ArrayList<>();
      List<String> r = new ArrayList<>();
      counts.forEach(
          (v, n) -> {
            if (n >= minFrequency) {
              k.add(v);
            } else {
              r.add(v);
            }
          });
      kept.put(c, k);
      rare.put(c, r);
    }
    return new FittedOneHot(cols, kept, rare, unseen);
  }

  @Override
  public String toString() {
    return "OneHot[minFrequency="
        + minFrequency
        + ", unseen="
        + unseen
        + (columns.isEmpty() ? "" : ", " + columns)
        + "]";
  }

  /**
   * A fitted {@link OneHotEncoder}.
   *
   * @param columns the encoded columns
   * @param categories per column: the categories with their own column, in output order
   * @param rare per column: the training categories grouped into the rare bucket
   * @param unseen the unseen-category policy
   */
  public record FittedOneHot(
      List<String> columns,
      Map<String, List<String>> categories,
      Map<String, List<String>> rare,
      Unseen unseen)
      implements FittedStep {

    /** Copies the parts. */
    public FittedOneHot {
      columns = List.copyOf(columns);
      categories = new LinkedHashMap<>(categories);
      rare = new LinkedHashMap<>(rare);
      for (String c : columns) {
        if (!categories.containsKey(c) || !rare.containsKey(c)) {
          throw new MlException("one-hot: no categories for column '" + c + "'");
        }
      }
    }

    /**
     * Whether a column has the rare bucket.
     *
     * @param column the column
     * @return true if rare categories existed or the policy is RARE
     */
    public boolean hasRareBucket(String column) {
      return unseen == Unseen.RARE || !rare.get(column).isEmpty();
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      for (String c : columns) {
        String[] v = FeatureColumns.strings(frame, c, "one-hot");
        List<String> cats = categories.get(c);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int j = 0; j < cats.size(); j++) {
          index.put(cats.get(j), j);
        }
        Set<String> rareSet = new TreeSet<>(rare.get(c));
        boolean bucket = hasRareBucket(c);
        int width = cats.size() + (bucket ? 1 : 0);
        double[][] out = new double[width][v.length];
        for (int i = 0; i < v.length; i++) {
          String k = FeatureColumns.key(v[i]);
          Integer j = index.get(k);
          if (j != null) {
            out[j][i] = 1.0;
          } else if (rareSet.contains(k)) {
            out[cats.size()][i] = 1.0;
          } else if (unseen == Unseen.RARE) {
            out[cats.size()][i] = 1.0;
          } else if (unseen == Unseen.ERROR && v[i] != null) {
            throw new MlException(
                "one-hot: column '"
                    + c
                    + "' has category '"
                    + v[i]
                    + "' that was not seen in training");
          }
        }
        df = df.drop(List.of(c));
        for (int j = 0; j < cats.size(); j++) {
          df = df.with(c + "=" + cats.get(j), ColumnType.BOOLEAN, out[j]);
        }
        if (bucket) {
          df = df.with(c + "=" + RARE, ColumnType.BOOLEAN, out[cats.size()]);
        }
      }
      return df;
    }
  }
}
