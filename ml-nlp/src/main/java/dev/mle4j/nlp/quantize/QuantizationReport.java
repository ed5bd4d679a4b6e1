package dev.mle4j.nlp.quantize;

import java.util.List;

/**
 * What a quantization run did.
 *
 * @param quantizedNodes names of the rewritten nodes, in graph order
 * @param skippedNodes candidate nodes left in floating point, with the reason
 * @param bytesBefore serialized size of the input model
 * @param bytesAfter serialized size of the quantized model
 */
public record QuantizationReport(
    List<String> quantizedNodes,
    List<SkippedNode> skippedNodes,
    long bytesBefore,
    long bytesAfter) {

  /** Copies the lists. */
  public QuantizationReport {
    quantizedNodes = List.copyOf(quantizedNodes);
    skippedNodes = List.copyOf(skippedNodes);
  }

  /**
   * Size of the quantized model relative to the input.
   *
   * @return bytesAfter / bytesBefore
   */
  public double sizeRatio() {
    return bytesBefore == 0 ? 0 : (double) bytesAfter / bytesBefore;
  }
}
