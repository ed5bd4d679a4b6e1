/**
 * Sentence encoders run through ONNX Runtime and the Hugging Face tokenizers (DJL bindings), and
 * text classifiers trained on their frozen embeddings.
 *
 * <p>{@link dev.mle4j.nlp.encoder.EncoderModel} is the catalogue of the bundled models (ONNX graph
 * and {@code tokenizer.json} read from the langchain4j embedding jars on the class path, pooling,
 * prefixes); {@link dev.mle4j.nlp.encoder.SentenceEncoder} embeds texts in length-sorted batches;
 * {@link dev.mle4j.nlp.encoder.EncoderHeadTrainer} trains an {@link
 * dev.mle4j.nlp.encoder.EncoderHeadClassifier} (softmax regression on the embeddings), created by
 * name ({@code minilm-head}, {@code bge-head}, {@code e5-head}) through {@link
 * dev.mle4j.nlp.encoder.EncoderHeadTrainerProvider} and read back by {@link
 * dev.mle4j.nlp.encoder.EncoderHeadLoader}.
 */
package dev.mle4j.nlp.encoder;
