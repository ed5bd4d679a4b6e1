package dev.mle4j.nlp.rnn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.SavedModels;
import dev.mle4j.nlp.text.TextAnalyzer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A recurrent text classifier (simple RNN, LSTM, GRU or bidirectional LSTM over word or WordPiece
 * embeddings) running on DJL's PyTorch engine on the CPU; trained by {@link RnnTextTrainer}. Scores
 * are softmax probabilities for every label; {@link #labels()} are sorted alphabetically.
 *
 * <p>Input: a {@code null} text is rejected with an {@link MlException}. Texts are cut to the
 * model's maximum length in tokens (the start is kept); a text without any token (empty, blank,
 * punctuation only) is read as a single unknown token. Words unseen at training map to the unknown
 * token.
 *
 * <p>Thread-safe: every call runs the forward pass in its own {@link NDManager} scope, closed
 * before the call returns, over weights that are only read; concurrent calls do not block each
 * other. {@link #classifyAll} sorts the texts by length and runs batches of {@value #BATCH_SIZE},
 * which gives the same scores as one call per text (padding never reaches a real token). {@link
 * #close()} waits for running calls, then frees the native weights; later calls fail.
 *
 * <p>Saved form ({@link #save(Path)}): {@value #PARAMS_FILE} (the DJL block parameters), {@value
 * RnnModelConfig#FILE} (architecture, labels, preprocessing), {@code vocabulary.txt} (word models)
 * or {@code tokenizer.json} (WordPiece models), and {@code model-card.json}. {@link #load(Path)}
 * restores a classifier with identical scores.
 */
public final class RnnTextClassifier implements SavableTextClassifier {

  /** The {@link ModelCard#format()} of recurrent text models. */
  public static final String FORMAT = "rnn-text/v1";

  /** File name of the DJL block parameters inside a saved model folder. */
  public static final String PARAMS_FILE = "rnn.params";

  /** Texts per forward pass in {@link #classifyAll}. */
  public static final int BATCH_SIZE = 64;

  private final RnnModelConfig config;
  private final SequenceEncoder encoder;
  private final Model model;
  private final RnnTextBlock block;
  private final byte[] parameters;
  private final ModelCard card;
  private final TrainingHistory history;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private RnnTextClassifier(
      RnnModelConfig config,
      SequenceEncoder encoder,
      Model model,
      RnnTextBlock block,
      byte[] parameters,
      ModelCard card,
      TrainingHistory history) {
    this.config = config;
    this.encoder = encoder;
    this.model = model;
    this.block = block;
    this.parameters = parameters;
    this.card = card;
    this.history = history;
  }

  /** Builds a classifier from serialized block parameters; takes ownership of {@code encoder}. */
  static RnnTextClassifier create(
      RnnModelConfig config,
      SequenceEncoder encoder,
      byte[] parameters,
      ModelCard card,
      TrainingHistory history,
      String source) {
    Model model = null;
    try {
      if (!FORMAT.equals(card.format())) {
        throw new MlException(
            source + ": model card has format '" + card.format() + "', expected '" + FORMAT + "'");
      }
      if (!card.labels().equals(config.labels())) {
        throw new MlException(
            source
                + ": model card lists labels "
                + card.labels()
                + ", model config has "
                + config.labels());
      }
      if (encoder.vocabularySize() != config.vocabularySize()) {
        throw new MlException(
            source
                + ": tokenizer has "
                + encoder.vocabularySize()
                + " ids, model config says "
                + config.vocabularySize());
      }
      RnnTextBlock block = config.newBlock();
      model = Model.newInstance(card.name(), Device.cpu(), "PyTorch");
      model.setBlock(block);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
        block.loadParameters(model.getNDManager(), in);
        if (in.read() != -1) {
          throw new MlException(source + ": parameter file has extra bytes after the model");
        }
      } catch (IOException | MalformedModelException | RuntimeException e) {
        if (e instanceof MlException ml) {
          throw ml;
        }
        throw new MlException(
            source + ": parameters do not fit the model config: " + e.getMessage(), e);
      }
      return new RnnTextClassifier(config, encoder, model, block, parameters, card, history);
    } catch (RuntimeException e) {
      if (model != null) {
        model.close();
      }
      encoder.close();
      throw e;
    }
  }

  /** Serializes a block's parameters. */
  static byte[] serialize(RnnTextBlock block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new MlException("cannot serialize model parameters: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Classification classify(String text) {
    if (text == null) {
      throw new MlException("text is null");
    }
    return classifyAll(List.of(text)).get(0);
  }

  /**
   * Classifies many texts in batches of similar length.
   *
   * @param texts the texts (no nulls)
   * @return one classification per text, in order
   * @throws MlException if the list or a text is null (the message names the index)
   */
  @Override
  public List<Classification> classifyAll(List<String> texts) {
    if (texts == null) {
      throw new MlException("texts is null");
    }
    int n = texts.size();
    int[][] sequences = new int[n][];
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("classifier " + card.name() + " is closed");
      }
      for (int i = 0; i < n; i++) {
        String text = texts.get(i);
        if (text == null) {
          throw new MlException("text at index " + i + " is null");
        }
        sequences[i] = encoder.encode(text, config.maxLength());
      }
      double[][] probabilities = probabilities(sequences);
      List<Classification> out = new ArrayList<>(n);
      for (double[] p : probabilities) {
        out.add(Classification.fromScores(config.labels(), p));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Softmax probabilities for encoded texts, in input order. */
  double[][] probabilities(int[][] sequences) {
    int n = sequences.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> sequences[i].length));
    double[][] out = new double[n][];
    int numLabels = config.labels().size();
    for (int start = 0; start < n; start += BATCH_SIZE) {
      int end = Math.min(n, start + BATCH_SIZE);
      List<int[]> batch = new ArrayList<>(end - start);
      for (int k = start; k < end; k++) {
        batch.add(sequences[order[k]]);
      }
      float[] logits;
      try (NDManager manager = model.getNDManager().newSubManager()) {
        NDList inputs = Batches.inputs(manager, batch, config.bidirectional());
        logits =
            block.forward(new ParameterStore(manager, false), inputs, false).head().toFloatArray();
      }
      for (int k = start; k < end; k++) {
        out[order[k]] = softmax(logits, (k - start) * numLabels, numLabels);
      }
    }
    return out;
  }

  static double[] softmax(float[] logits, int offset, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, logits[offset + i]);
    }
    double[] p = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = Math.exp(logits[offset + i] - max);
      sum += p[i];
    }
    for (int i = 0; i < n; i++) {
      p[i] /= sum;
    }
    return p;
  }

  @Override
  public List<String> labels() {
    return config.labels();
  }

  @Override
  public ModelCard card() {
    return card;
  }

  /**
   * The training epochs, when this classifier was just trained (not for loaded ones).
   *
   * @return the history, or empty after {@link #load}
   */
  public Optional<TrainingHistory> history() {
    return Optional.ofNullable(history);
  }

  /** The current embedding table, row-major {@code [vocabulary, embeddingSize]} (for tests). */
  float[] embeddingTable() {
    lock.readLock().lock();
    try {
      return block.embedding().getArray().toFloatArray();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The ids of a text (for tests). */
  int[] encode(String text) {
    return encoder.encode(text, config.maxLength());
  }

  /**
   * The maximum number of tokens read from a text.
   *
   * @return the length
   */
  public int maxLength() {
    return config.maxLength();
  }

  /**
   * Saves the parameters, config, tokenizer files and model card into a folder (created if needed;
   * each file written atomically: temporary file, then rename).
   *
   * @param dir the folder
   * @throws MlException if a file cannot be written
   */
  @Override
  public void save(Path dir) {
    Objects.requireNonNull(dir, "dir");
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("classifier " + card.name() + " is closed");
      }
      AtomicFiles.write(dir.resolve(PARAMS_FILE), parameters);
      config.save(dir);
      encoder.save(dir);
      ModelCardJson.write(card, dir.resolve(ModelCardJson.FILE_NAME));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Loads a classifier saved with {@link #save(Path)}, reading the card from the folder.
   *
   * @param dir the folder
   * @return the classifier
   * @throws MlException if a file is missing, unreadable or inconsistent with the others
   */
  public static RnnTextClassifier load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return load(dir, ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME)));
  }

  /**
   * Loads a classifier from a folder with a card kept elsewhere (e.g. by the model registry).
   *
   * @param dir the folder
   * @param card the model card (format {@value #FORMAT})
   * @return the classifier
   * @throws MlException if a file is missing, unreadable or inconsistent with the others
   */
  public static RnnTextClassifier load(Path dir, ModelCard card) {
    SavedModels.checkFolder(dir, card, FORMAT);
    RnnModelConfig config = RnnModelConfig.load(dir);
    byte[] params = readBytes(dir.resolve(PARAMS_FILE), "model parameters");
    SequenceEncoder encoder;
    if (WordSequenceEncoder.KIND.equals(config.tokenizer())) {
      Vocabulary vocabulary = Vocabulary.load(dir.resolve(WordSequenceEncoder.VOCABULARY_FILE));
      encoder = new WordSequenceEncoder(new TextAnalyzer(config.analyzerOptions()), vocabulary);
    } else {
      Path file = dir.resolve(WordPieceSequenceEncoder.TOKENIZER_FILE);
      encoder =
          new WordPieceSequenceEncoder(
              readBytes(file, "tokenizer"), config.vocabularySize(), file.toString());
    }
    return create(config, encoder, params, card, null, dir.toString());
  }

  private static byte[] readBytes(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MlException(what + " file not found: " + file, e);
    } catch (IOException e) {
      throw new MlException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Waits for running calls, then frees the native weights and the tokenizer. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        model.close();
        encoder.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
