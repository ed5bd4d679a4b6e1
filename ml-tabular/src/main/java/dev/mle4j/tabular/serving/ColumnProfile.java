package dev.mle4j.tabular.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnSpec;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What training saw of one input column: its type, how many values were missing, the categories of
 * a categorical column and the range of a number-stored column. Serving validates rows against it.
 *
 * @param name the column name
 * @param type the column type
 * @param missing how many training rows had no value
 * @param categories the distinct values of a {@link ColumnType#CATEGORICAL} column, sorted; empty
 *     for other types
 * @param min the smallest value of a number-stored column, {@code null} if none or not numeric
 * @param max the largest value of a number-stored column, {@code null} if none or not numeric
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnProfile(
    @JsonProperty("name") String name,
    @JsonProperty("type") ColumnType type,
    @JsonProperty("missing") long missing,
    @JsonProperty("categories") List<String> categories,
    @JsonProperty("min") Double min,
    @JsonProperty("max") Double max) {

  /** Validates and copies. */
  public ColumnProfile {
    if (name == null || name.isBlank()) {
      throw new MlException("a column profile needs a column name");
    }
    Objects.requireNonNull(type, "type of column '" + name + "'");
    if (missing < 0) {
      throw new MlException("column '" + name + "': missing count " + missing + " < 0");
    }
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  /**
   * Profiles one column of the training rows.
   *
   * @param frame the training rows
   * @param spec the column (must be in the frame)
   * @return the profile
   */
  public static ColumnProfile of(DataFrame frame, ColumnSpec spec) {
    String name = spec.name();
    if (!frame.has(name)) {
      throw new MlException("cannot profile column '" + name + "': the training rows lack it");
    }
    long missing = 0;
    if (spec.type().isNumberStored()) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double v : frame.numeric(name)) {
        if (Double.isNaN(v)) {
          missing++;
        } else {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      boolean any = lo <= hi;
      return new ColumnProfile(
          name, spec.type(), missing, List.of(), any ? lo : null, any ? hi : null);
    }
    TreeSet<String> seen = new TreeSet<>();
    for (String s : frame.strings(name)) {
      if (s == null) {
        missing++;
      } else if (spec.type() == ColumnType.CATEGORICAL) {
        seen.add(s);
      }
    }
    return new ColumnProfile(name, spec.type(), missing, List.copyOf(seen), null, null);
  }

  /**
   * The column as a schema entry.
   *
   * @return name and type
   */
  public ColumnSpec spec() {
    return new ColumnSpec(name, type);
  }

  /**
   * Whether training had missing values in this column.
   *
   * @return true if at least one training row had none
   */
  public boolean hadMissing() {
    return missing > 0;
  }
}
