package dev.mle4j.nlp.encoder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.SavedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A text classifier made of a frozen {@link SentenceEncoder} and a softmax-regression head on its
 * embeddings; trained by {@link EncoderHeadTrainer}. Scores are the head's probabilities; {@link
 * #labels()} are sorted alphabetically.
 *
 * <p>Input: a {@code null} text is rejected with an {@link MlException}; an empty text is embedded
 * like any other (the encoder sees only its special tokens). Texts longer than the encoder's token
 * limit are truncated (their tail is ignored). {@link #classifyAll} embeds in batches and is much
 * faster per text than {@link #classify}.
 *
 * <p>Saved form ({@link #save(Path)}): {@value #HEAD_FILE} (encoder id and token limit, feature
 * standardisation, weights and biases) and {@code model-card.json}. The encoder itself is not
 * copied: it is loaded again from the class path by its {@link EncoderModel#id()}.
 *
 * <p>Thread-safe. {@link #close()} closes the encoder.
 */
public final class EncoderHeadClassifier implements SavableTextClassifier {

  /** The {@link ModelCard#format()} of these models. */
  public static final String FORMAT = "encoder-head/v1";

  /** File name of the head inside a saved model folder. */
  public static final String HEAD_FILE = "head.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SentenceEncoder encoder;
  private final SoftmaxHead head;
  private final ModelCard card;

  EncoderHeadClassifier(SentenceEncoder encoder, SoftmaxHead head, ModelCard card) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.head = Objects.requireNonNull(head, "head");
    if (head.dimension() != encoder.dimension()) {
      throw new MlException(
          "head expects "
              + head.dimension()
              + " features, encoder "
              + encoder.model().id()
              + " gives "
              + encoder.dimension());
    }
    this.card = SavedModels.checkCard(card, FORMAT, head.labels());
  }

  /**
   * Returns a classifier with another card (e.g. one holding evaluation metrics). The copy shares
   * this classifier's encoder: closing either closes both.
   *
   * @param newCard the card; its format and labels must match
   * @return the classifier with the new card
   * @throws MlException if the card's format or labels do not match
   */
  public EncoderHeadClassifier withCard(ModelCard newCard) {
    return new EncoderHeadClassifier(encoder, head, newCard);
  }

  @Override
  public Classification classify(String text) {
    if (text == null) {
      throw new MlException("text is null");
    }
    return classifyAll(List.of(text)).get(0);
  }

  /**
   * Classifies texts, embedding them in length-sorted batches.
   *
   * @param texts the texts (no nulls; an empty list gives an empty list)
   * @return one classification per text, in order
   * @throws MlException if the list or a text is null (the message names the index)
   */
  @Override
  public List<Classification> classifyAll(List<String> texts) {
    float[][] vectors = encoder.encode(texts, TextRole.QUERY).vectors();
    List<Classification> out = new ArrayList<>(vectors.length);
    for (float[] v : vectors) {
      out.add(Classification.fromScores(head.labels(), head.probabilities(v)));
    }
    return out;
  }

  /**
   * The label probabilities of an embedding made by {@link #encoder()}.
   *
   * @param embedding the embedding
   * @return one probability per label, in {@link #labels()} order
   * @throws MlException if the embedding has the wrong size
   */
  public double[] probabilities(float[] embedding) {
    Objects.requireNonNull(embedding, "embedding");
    return head.probabilities(embedding);
  }

  /**
   * The frozen encoder.
   *
   * @return the encoder
   */
  public SentenceEncoder encoder() {
    return encoder;
  }

  /** The encoder's ONNX file, read from its jar, is part of this model's size. */
  @Override
  public long externalBytes() {
    return encoder.modelBytes();
  }

  @Override
  public List<String> labels() {
    return head.labels();
  }

  @Override
  public ModelCard card() {
    return card;
  }

  /**
   * Writes {@value #HEAD_FILE} and {@code model-card.json} into a folder (created if needed; files
   * replaced atomically).
   *
   * @param dir the folder
   * @throws MlException if a file cannot be written
   */
  @Override
  public void save(Path dir) {
    Objects.requireNonNull(dir, "dir");
    HeadFile file =
        new HeadFile(
            FORMAT,
            encoder.model().id(),
            encoder.maxLength(),
            head.labels(),
            head.mean(),
            head.std(),
            head.weights(),
            head.bias());
    try {
      AtomicFiles.write(dir.resolve(HEAD_FILE), JSON.writeValueAsBytes(file));
    } catch (IOException e) {
      throw new MlException("cannot serialise the classification head: " + e, e);
    }
    ModelCardJson.write(card, dir.resolve(ModelCardJson.FILE_NAME));
  }

  /**
   * Loads a classifier saved with {@link #save(Path)}, reading the card from the folder.
   *
   * @param dir the folder
   * @return the classifier, which the caller closes
   * @throws MlException if a file is missing, unreadable or inconsistent
   */
  public static EncoderHeadClassifier load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return load(dir, ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME)));
  }

  /**
   * Loads a classifier from a folder with a card kept elsewhere (e.g. by the model registry); the
   * encoder is opened from the class path with default threads and the saved token limit.
   *
   * @param dir the folder holding {@value #HEAD_FILE}
   * @param card the model card (format {@value #FORMAT})
   * @return the classifier, which the caller closes
   * @throws MlException if a file is missing, unreadable or inconsistent
   */
  public static EncoderHeadClassifier load(Path dir, ModelCard card) {
    SavedModels.checkFolder(dir, card, FORMAT);
    Path path = dir.resolve(HEAD_FILE);
    HeadFile file;
    try {
      file = JSON.readValue(path.toFile(), HeadFile.class);
    } catch (NoSuchFileException e) {
      throw new MlException("classification head file not found: " + path, e);
    } catch (IOException e) {
      if (!Files.exists(path)) {
        throw new MlException("classification head file not found: " + path, e);
      }
      throw new MlException("cannot read classification head " + path + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(file.format())) {
      throw new MlException(
          path + " has format '" + file.format() + "', expected '" + FORMAT + "'");
    }
    if (file.labels() == null
        || file.mean() == null
        || file.std() == null
        || file.weights() == null
        || file.bias() == null) {
      throw new MlException(path + " lacks labels, mean, std, weights or bias");
    }
    SoftmaxHead head;
    try {
      head = new SoftmaxHead(file.labels(), file.mean(), file.std(), file.weights(), file.bias());
    } catch (MlException e) {
      throw new MlException(path + ": " + e.getMessage(), e);
    }
    SentenceEncoder encoder =
        SentenceEncoder.builder(EncoderModel.byId(file.encoder()))
            .maxLength(file.maxLength())
            .build();
    try {
      return new EncoderHeadClassifier(encoder, head, card);
    } catch (MlException e) {
      encoder.close();
      throw new MlException(dir + ": " + e.getMessage(), e);
    }
  }

  /** Closes the encoder; later calls to {@link #classify} fail. */
  @Override
  public void close() {
    encoder.close();
  }

  /** The JSON form of {@value #HEAD_FILE}. */
  record HeadFile(
      String format,
      String encoder,
      int maxLength,
      List<String> labels,
      double[] mean,
      double[] std,
      double[][] weights,
      double[] bias) {}
}
