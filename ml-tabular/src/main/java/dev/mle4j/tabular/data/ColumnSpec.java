package dev.mle4j.tabular.data;

import dev.mle4j.core.MlException;
import java.util.Objects;

/**
 * One column of a {@link Schema}.
 *
 * @param name the column name
 * @param type the column type
 */
public record ColumnSpec(String name, ColumnType type) {

  /** Validates the parts. */
  public ColumnSpec {
    Objects.requireNonNull(type, "type");
    if (name == null || name.isBlank()) {
      throw new MlException("a column name must not be blank");
    }
  }
}
