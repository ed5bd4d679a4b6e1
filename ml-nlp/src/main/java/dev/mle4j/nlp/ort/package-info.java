/**
 * Text classifiers run by ONNX Runtime: {@link dev.mle4j.nlp.ort.OrtTextClassifier} serves a
 * transformer classifier exported as one ONNX graph (FP32, or INT8 after {@link
 * dev.mle4j.nlp.quantize.OnnxQuantizer}) with its word-piece tokenizer; {@link
 * dev.mle4j.nlp.ort.OrtTextClassifierLoader} makes saved folders loadable by registries and
 * servers.
 */
package dev.mle4j.nlp.ort;
