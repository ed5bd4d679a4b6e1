package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.util.List;

/**
 * Crosses two or more columns into a new categorical column (default name {@code a_x_b}) whose
 * values join the inputs with {@code |}, e.g. {@code "male|3"}. Inputs may be categorical or
 * number-stored (a datetime part or a binned numeric column; numbers print without a fraction when
 * integral). The cross is missing when any input is missing; encode it with a later encoder. The
 * inputs stay.
 */
public final class FeatureCross implements FeatureStep {

  private final List<String> columns;
  private final String output;

  private FeatureCross(List<String> columns, String output) {
    if (columns.size() < 2) {
      throw new MlException("feature-cross: needs at least two columns, got " + columns);
    }
    this.columns = List.copyOf(columns);
    this.output = output == null ? String.join("_x_", columns) : output;
  }

  /**
   * A cross named {@code a_x_b...}.
   *
   * @param columns the columns
   * @return the step
   */
  public static FeatureCross of(List<String> columns) {
    return new FeatureCross(columns, null);
  }

  /**
   * A cross with an explicit output name.
   *
   * @param output the output column name
   * @param columns the columns
   * @return the step
   */
  public static FeatureCross named(String output, List<String> columns) {
    return new FeatureCross(columns, output);
  }

  @Override
  public String name() {
    return "feature-cross";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    FeatureColumns.select(
        train, columns, name(), ColumnType.CATEGORICAL, ColumnType.NUMERIC, ColumnType.BOOLEAN);
    return new FittedCross(columns, output);
  }

  @Override
  public String toString() {
    return "FeatureCross[" + output + "]";
  }

  /**
   * A fitted {@link FeatureCross}.
   *
   * @param columns the crossed columns
   * @param output the output column
   */
  public record FittedCross(List<String> columns, String output) implements FittedStep {

    /** Copies the list. */
    public FittedCross {
      columns = List.copyOf(columns);
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      String[] out = new String[frame.rows()];
      for (String c : columns) {
        FeatureColumns.requireColumn(frame, c, "feature-cross");
      }
      for (int i = 0; i < out.length; i++) {
        StringBuilder sb = new StringBuilder();
        boolean missing = false;
        for (String c : columns) {
          Object v = frame.value(i, c);
          String s = v instanceof Double d ? FeatureColumns.formatNumber(d) : (String) v;
          if (s == null) {
            missing = true;
            break;
          }
          if (sb.length() > 0) {
            sb.append('|');
          }
          sb.append(s);
        }
        out[i] = missing ? null : sb.toString();
      }
      return frame.with(output, ColumnType.CATEGORICAL, out);
    }
  }
}
