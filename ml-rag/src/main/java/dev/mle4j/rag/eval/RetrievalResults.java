package dev.mle4j.rag.eval;

import dev.mle4j.core.MlException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retrieval results of several strategies over one question set.
 *
 * @param strategies one result per strategy, in the order given
 */
public record RetrievalResults(List<StrategyResult> strategies) {

  /** Validates: at least one strategy. */
  public RetrievalResults {
    if (strategies == null || strategies.isEmpty()) {
      throw new MlException("retrieval results need at least one strategy");
    }
    strategies = List.copyOf(strategies);
  }

  /**
   * The flat metrics of every strategy, strategy name to metric name to value, in order.
   *
   * @return the metrics
   */
  public Map<String, Map<String, Double>> metrics() {
    LinkedHashMap<String, Map<String, Double>> out = new LinkedHashMap<>();
    strategies.forEach(s -> out.put(s.name(), s.metrics()));
    return Collections.unmodifiableSequencedMap(out);
  }

  /**
   * The result of one strategy.
   *
   * @param name the strategy name
   * @return its result
   * @throws MlException when there is no such strategy
   */
  public StrategyResult strategy(String name) {
    return strategies.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new MlException(
                    "no strategy '"
                        + name
                        + "'; evaluated: "
                        + strategies.stream().map(StrategyResult::name).toList()));
  }
}
