package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Schema;
import dev.mle4j.tabular.data.TableLoader;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link DataFrame} from rows given as maps (parsed JSON, serving requests), parsing each
 * value exactly as CSV loading does.
 */
public final class RowFrames {

  private RowFrames() {}

  /**
   * Converts rows to a frame with the schema's columns; absent keys and nulls are missing values.
   *
   * @param rows the rows: column name to {@link Number}, {@link Boolean}, {@link String} or null
   * @param schema the columns and types to build
   * @return the frame
   * @throws MlException naming the row and column of a value that does not fit its type
   */
  public static DataFrame of(List<? extends Map<String, ?>> rows, Schema schema) {
    return of(rows, schema, Map.of());
  }

  /**
   * Converts rows to a frame like {@link #of(List, Schema)}, but keeps a text that is normally a
   * missing token (e.g. {@code "None"}, {@code "NA"}) when it is a category the model saw in
   * training: data read from typed sources (R data frames, databases) can have such categories.
   *
   * @param rows the rows
   * @param schema the columns and types to build
   * @param knownCategories column name to the categories seen in training
   * @return the frame
   */
  public static DataFrame of(
      List<? extends Map<String, ?>> rows,
      Schema schema,
      Map<String, ? extends java.util.Collection<String>> knownCategories) {
    DataFrame df = DataFrame.empty(rows.size());
    for (ColumnSpec c : schema.columns()) {
      if (c.type().isNumberStored()) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
          Object o = rows.get(i).get(c.name());
          if (o instanceof Number n) {
            v[i] = n.doubleValue();
            if (Double.isInfinite(v[i])) {
              throw new MlException("row " + i + ", column '" + c.name() + "': value is infinite");
            }
          } else if (o instanceof Boolean b) {
            v[i] = b ? 1.0 : 0.0;
          } else {
            v[i] =
                TableLoader.parseCell(
                    o == null ? null : o.toString(), c.type(), "row", i, c.name());
          }
        }
        df = df.with(c.name(), c.type(), v);
      } else {
        String[] v = new String[rows.size()];
        for (int i = 0; i < v.length; i++) {
          Object o = rows.get(i).get(c.name());
          v[i] = o == null ? null : category(stringOf(o), knownCategories.get(c.name()));
        }
        df = df.with(c.name(), c.type(), v);
      }
    }
    return df;
  }

  private static String category(String text, java.util.Collection<String> known) {
    if (known != null && text != null && known.contains(text.strip())) {
      return text.strip();
    }
    return dev.mle4j.tabular.data.Values.category(text);
  }

  private static String stringOf(Object o) {
    if (o instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return o.toString();
  }
}
