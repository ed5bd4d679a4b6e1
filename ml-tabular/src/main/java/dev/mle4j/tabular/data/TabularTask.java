package dev.mle4j.tabular.data;

/** What a tabular model predicts. */
public enum TabularTask {
  /** A number per row. */
  REGRESSION,
  /** One of a fixed set of labels per row. */
  CLASSIFICATION
}
