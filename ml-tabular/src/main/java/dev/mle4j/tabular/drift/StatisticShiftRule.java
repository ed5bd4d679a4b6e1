package dev.mle4j.tabular.drift;

import dev.mle4j.core.MlException;

/**
 * A custom rule such as "alert when the median of column X shifts by more than 20%": the relative
 * change {@code |current - reference| / |reference|} of a statistic of a numeric column is compared
 * with a maximum (an absolute change is used when the reference statistic is 0).
 *
 * @param column numeric column name
 * @param statistic the statistic to compare
 * @param maxRelativeChange the largest allowed relative change, e.g. 0.2 for 20%
 */
public record StatisticShiftRule(String column, Statistic statistic, double maxRelativeChange) {

  /** The statistic a rule watches. */
  public enum Statistic {
    /** Median of the non-missing values. */
    MEDIAN,
    /** Mean of the non-missing values. */
    MEAN,
    /** Population standard deviation of the non-missing values. */
    STD,
    /** Share of missing values among all rows. */
    MISSING_SHARE
  }

  /**
   * Validates the rule.
   *
   * @throws MlException on a blank column, missing statistic or a negative/non-finite maximum
   */
  public StatisticShiftRule {
    if (column == null || column.isBlank()) {
      throw new MlException("drift rule: column must not be blank");
    }
    if (statistic == null) {
      throw new MlException("drift rule for '" + column + "': statistic must not be null");
    }
    if (!(maxRelativeChange >= 0) || Double.isInfinite(maxRelativeChange)) {
      throw new MlException(
          "drift rule for '"
              + column
              + "': maxRelativeChange must be >= 0, got "
              + maxRelativeChange);
    }
  }

  /**
   * A rule on the median.
   *
   * @param column numeric column
   * @param maxRelativeChange e.g. 0.2 for 20%
   * @return the rule
   */
  public static StatisticShiftRule median(String column, double maxRelativeChange) {
    return new StatisticShiftRule(column, Statistic.MEDIAN, maxRelativeChange);
  }

  /**
   * The outcome of evaluating a rule.
   *
   * @param rule the rule
   * @param reference reference statistic
   * @param current current statistic
   * @param change relative (or absolute when the reference is 0) change
   * @param violated whether the change exceeded the maximum
   */
  public record Outcome(
      StatisticShiftRule rule, double reference, double current, double change, boolean violated) {}
}
