package dev.mle4j.tabular.clean;

/** How outlier bounds of a numeric column are computed. */
public enum OutlierMethod {
  /** Tukey fences: {@code [Q1 - k * IQR, Q3 + k * IQR]}. */
  IQR,
  /** Mean plus or minus a number of (sample) standard deviations. */
  ZSCORE
}
