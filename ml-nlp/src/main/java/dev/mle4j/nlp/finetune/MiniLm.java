package dev.mle4j.nlp.finetune;

/** Class-path resources of the FP32 all-MiniLM-L6-v2 jar ({@code langchain4j-embeddings-...}). */
final class MiniLm {
  /** The FP32 ONNX export. */
  static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";

  /** The Hugging Face tokenizer. */
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

  private MiniLm() {}
}
