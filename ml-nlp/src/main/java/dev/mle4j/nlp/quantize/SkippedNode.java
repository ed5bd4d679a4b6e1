package dev.mle4j.nlp.quantize;

/**
 * A node the quantizer could have rewritten but left in floating point.
 *
 * @param node the node name (or a generated {@code opType#index} label when the node has none)
 * @param opType the operator type
 * @param reason why it was left alone
 */
public record SkippedNode(String node, String opType, String reason) {}
