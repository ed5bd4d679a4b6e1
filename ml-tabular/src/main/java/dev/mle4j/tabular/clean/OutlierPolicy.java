package dev.mle4j.tabular.clean;

/** What happens to values outside the outlier bounds. */
public enum OutlierPolicy {
  /** Drop the rows (training rows only). */
  REMOVE,
  /** Clip the values to the bounds. */
  CAP,
  /** Leave the values as they are (bounds are still reported). */
  KEEP
}
