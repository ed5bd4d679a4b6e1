/**
 * Dynamic INT8 quantization of ONNX models in Java: {@link dev.mle4j.nlp.quantize.OnnxQuantizer}
 * rewrites the graph so that the constant weights of {@code MatMul}, {@code Gemm} (and the tables
 * of {@code Gather}) are stored as INT8 with per-channel or per-tensor scales, and activations are
 * quantized at run time with {@code DynamicQuantizeLinear} + {@code MatMulInteger}.
 */
package dev.mle4j.nlp.quantize;
