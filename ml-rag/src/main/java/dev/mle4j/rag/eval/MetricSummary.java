package dev.mle4j.rag.eval;

import java.util.OptionalDouble;

/**
 * The mean of one metric computed with one method over the answers where it is defined.
 *
 * @param metric metric name
 * @param method how it was computed
 * @param mean mean of the present values, empty when none is present
 * @param count answers with a value
 * @param missing answers where it was tried but is missing (judge failure or undefined)
 */
public record MetricSummary(
    String metric, String method, OptionalDouble mean, int count, int missing) {}
