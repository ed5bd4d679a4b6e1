package dev.mle4j.nlp.classical;

/** How a {@link HyperparameterSearch} picks the combinations it tries. */
public enum SearchMode {
  /** Every combination of the {@link ParameterSpace}. */
  GRID,
  /** A seeded random sample of distinct combinations. */
  RANDOM
}
