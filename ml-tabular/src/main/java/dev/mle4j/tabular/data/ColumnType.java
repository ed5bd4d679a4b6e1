package dev.mle4j.tabular.data;

/**
 * The kind of a table column, which decides how it is parsed, explored and turned into features.
 *
 * <p>{@link #NUMERIC}, {@link #BOOLEAN} (0/1) and {@link #DATETIME} (seconds since the epoch, UTC)
 * columns hold numbers in a {@link DataFrame}; {@link #CATEGORICAL}, {@link #TEXT} and {@link #ID}
 * columns hold strings. Missing values are {@code NaN} or {@code null}.
 */
public enum ColumnType {
  /** Numbers on a scale (counts, amounts, measurements). */
  NUMERIC,
  /** A small set of labels without order unless an encoder imposes one. */
  CATEGORICAL,
  /** Yes/no values such as {@code true/false} or {@code Yes/No}, stored as 0 and 1. */
  BOOLEAN,
  /** Dates or date-times, stored as seconds since 1970-01-01T00:00Z. */
  DATETIME,
  /** Free text with many distinct values. */
  TEXT,
  /** Row identifiers: unique per row and not used as features. */
  ID;

  /**
   * Whether a {@link DataFrame} stores this type as numbers ({@code double[]}).
   *
   * @return true for numeric, boolean and datetime columns
   */
  public boolean isNumberStored() {
    return this == NUMERIC || this == BOOLEAN || this == DATETIME;
  }
}
