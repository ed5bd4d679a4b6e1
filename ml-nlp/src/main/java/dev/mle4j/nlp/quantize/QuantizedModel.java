package dev.mle4j.nlp.quantize;

/**
 * A quantized ONNX model in memory.
 *
 * @param bytes the serialized {@code ModelProto}
 * @param report what was quantized and the sizes
 */
public record QuantizedModel(byte[] bytes, QuantizationReport report) {}
