package dev.mle4j.rag;

/**
 * Prices a generation call, e.g. backed by the generate package's price table.
 *
 * <pre>{@code
 * CostModel prices = (model, in, out) -> in * 0.15e-6 + out * 0.60e-6;
 * }</pre>
 */
@FunctionalInterface
public interface CostModel {
  /** Everything is free (the offline generator). */
  CostModel FREE = (model, prompt, completion) -> 0.0;

  /**
   * The cost of one call in US dollars.
   *
   * @param model the model name
   * @param promptTokens tokens sent
   * @param completionTokens tokens generated
   * @return the cost in USD, {@code >= 0}
   * @throws dev.mle4j.core.MlException when the model has no price
   */
  double usd(String model, int promptTokens, int completionTokens);
}
