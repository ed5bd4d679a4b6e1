package dev.mle4j.nlp.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.SavedModels;
import dev.mle4j.nlp.text.TokenBatch;
import dev.mle4j.nlp.text.WordPieceTokenizer;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transformer text classifier exported as one ONNX graph (inputs {@code input_ids}, {@code
 * attention_mask}, optional {@code token_type_ids}, int64 {@code [batch, tokens]}; output {@code
 * logits} {@code [batch, labels]}), run by ONNX Runtime with one session per model and a bounded
 * number of intra-op threads. Works the same for FP32 graphs and INT8 graphs made by {@link
 * dev.mle4j.nlp.quantize.OnnxQuantizer}.
 *
 * <p>{@link #classifyAll(List)} sorts texts by token count and runs sub-batches of at most {@value
 * #BATCH} texts whose padded size is at most 1.25 times their real tokens (padding costs as much as
 * a real token, so a batch of mixed lengths would be slower than single calls); texts longer than
 * the maximum length are truncated. The session is thread-safe: concurrent calls share it.
 *
 * <p>Saved form: {@value #MODEL_FILE}, {@value #TOKENIZER_FILE}, {@value #CONFIG_FILE} and {@code
 * model-card.json} (format {@value #FORMAT}).
 */
public final class OrtTextClassifier implements SavableTextClassifier {

  /** Artifact format written into the model card. */
  public static final String FORMAT = "onnx-text/v1";

  /** The ONNX graph inside a saved folder. */
  public static final String MODEL_FILE = "model.onnx";

  /** The tokenizer inside a saved folder. */
  public static final String TOKENIZER_FILE = "tokenizer.json";

  /** The configuration inside a saved folder. */
  public static final String CONFIG_FILE = "onnx-text-config.json";

  /** System property giving the loader's intra-op thread count. */
  public static final String THREADS_PROPERTY = "mle4j.onnx.threads";

  static final int BATCH = 32;
  static final double MAX_PADDING = 1.25;
  private static final Logger LOG = LoggerFactory.getLogger(OrtTextClassifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final OrtTextConfig config;
  private final ModelCard card;
  private final byte[] onnx;
  private final int threads;
  private final boolean feedTypes;
  private final String output;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OrtTextClassifier(
      byte[] onnx, byte[] tokenizerJson, OrtTextConfig config, ModelCard card, int threads) {
    if (threads < 1) {
      throw new MlException("intra-op threads must be >= 1, got " + threads);
    }
    this.onnx = onnx;
    this.config = Objects.requireNonNull(config, "config");
    this.card = SavedModels.checkCard(card, FORMAT, config.labels());
    this.threads = threads;
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(onnx, options);
    } catch (OrtException e) {
      throw new MlException(
          "ONNX Runtime cannot open the model of '" + card.name() + "': " + e.getMessage(), e);
    }
    try {
      Set<String> inputs = session.getInputNames();
      if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
        throw new MlException(
            "model of '"
                + card.name()
                + "' has inputs "
                + inputs
                + ", expected input_ids, attention_mask (and token_type_ids)");
      }
      this.feedTypes = inputs.contains(TOKEN_TYPE_IDS);
      Map<String, NodeInfo> outs = session.getOutputInfo();
      NodeInfo out =
          outs.containsKey("logits") ? outs.get("logits") : outs.values().iterator().next();
      if (!(out.getInfo() instanceof TensorInfo info) || info.getShape().length != 2) {
        throw new MlException(
            "model of '" + card.name() + "': output " + out.getName() + " is not [batch, labels]");
      }
      long width = info.getShape()[1];
      if (width > 0 && width != config.labels().size()) {
        throw new MlException(
            "model of '"
                + card.name()
                + "' gives "
                + width
                + " logits but the configuration lists "
                + config.labels().size()
                + " labels");
      }
      this.output = out.getName();
      this.tokenizer = WordPieceTokenizer.fromBytes(tokenizerJson, config.maxLength(), card.name());
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session);
      throw e instanceof MlException ml ? ml : new MlException(e.getMessage(), e);
    }
    LOG.debug("opened {} ({}, {} intra-op threads)", card.name(), config.precision(), threads);
  }

  /**
   * Creates a classifier from an ONNX graph in memory.
   *
   * @param onnx the model bytes
   * @param tokenizerJson the Hugging Face {@code tokenizer.json} bytes
   * @param config labels, maximum length, precision
   * @param card the model card (format {@value #FORMAT})
   * @param threads intra-op threads of the session
   * @return the classifier; close it to free the session
   */
  public static OrtTextClassifier of(
      byte[] onnx, byte[] tokenizerJson, OrtTextConfig config, ModelCard card, int threads) {
    return new OrtTextClassifier(
        Objects.requireNonNull(onnx, "onnx"),
        Objects.requireNonNull(tokenizerJson, "tokenizerJson"),
        config,
        card,
        threads);
  }

  /**
   * Default intra-op threads: the system property {@value #THREADS_PROPERTY} if set, else the
   * number of available processors.
   *
   * @return the thread count
   */
  public static int defaultThreads() {
    String p = System.getProperty(THREADS_PROPERTY);
    if (p != null && !p.isBlank()) {
      try {
        int n = Integer.parseInt(p.trim());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        LOG.warn("ignoring {}={}: not a positive integer", THREADS_PROPERTY, p);
      }
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Loads a saved folder, reading its card, with {@link #defaultThreads()}.
   *
   * @param dir the folder
   * @return the classifier
   * @throws MlException if a file is missing or invalid
   */
  public static OrtTextClassifier load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return load(dir, ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME)), defaultThreads());
  }

  /**
   * Loads a saved folder with a card kept elsewhere (e.g. by a registry).
   *
   * @param dir the folder
   * @param card the card (format {@value #FORMAT})
   * @param threads intra-op threads of the session
   * @return the classifier
   * @throws MlException if a file is missing or invalid
   */
  public static OrtTextClassifier load(Path dir, ModelCard card, int threads) {
    SavedModels.checkFolder(dir, card, FORMAT);
    OrtTextConfig config = readConfig(dir.resolve(CONFIG_FILE));
    byte[] model = readFile(dir.resolve(MODEL_FILE), "ONNX model");
    byte[] tok = readFile(dir.resolve(TOKENIZER_FILE), "tokenizer");
    return new OrtTextClassifier(model, tok, config, card, threads);
  }

  /**
   * Reads the configuration file of a saved folder.
   *
   * @param file the {@value #CONFIG_FILE} file
   * @return the configuration
   * @throws MlException if it is missing or invalid
   */
  public static OrtTextConfig readConfig(Path file) {
    try {
      return JSON.readValue(file.toFile(), OrtTextConfig.class);
    } catch (IOException | RuntimeException e) {
      if (!Files.exists(file)) {
        throw new MlException("configuration file not found: " + file, e);
      }
      throw new MlException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a saved folder from its parts (each file atomically), e.g. after exporting or quantizing
   * a graph.
   *
   * @param dir the folder (created if needed)
   * @param onnx the graph
   * @param tokenizerJson the tokenizer
   * @param config the configuration
   * @param card the card (format {@value #FORMAT})
   */
  public static void write(
      Path dir, byte[] onnx, byte[] tokenizerJson, OrtTextConfig config, ModelCard card) {
    SavedModels.checkCard(card, FORMAT, config.labels());
    AtomicFiles.write(dir.resolve(MODEL_FILE), onnx);
    AtomicFiles.write(dir.resolve(TOKENIZER_FILE), tokenizerJson);
    try {
      AtomicFiles.write(
          dir.resolve(CONFIG_FILE),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    } catch (IOException e) {
      throw new MlException("cannot write " + dir.resolve(CONFIG_FILE) + ": " + e, e);
    }
    ModelCardJson.write(card, dir.resolve(ModelCardJson.FILE_NAME));
  }

  private static byte[] readFile(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MlException(what + " file not found: " + file, e);
    } catch (IOException e) {
      throw new MlException("cannot read " + what + " " + file + ": " + e, e);
    }
  }

  @Override
  public Classification classify(String text) {
    if (text == null) {
      throw new MlException("text is null");
    }
    return classifyAll(List.of(text)).get(0);
  }

  @Override
  public List<Classification> classifyAll(List<String> texts) {
    if (texts == null) {
      throw new MlException("texts is null");
    }
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new MlException("text at index " + i + " is null");
      }
    }
    if (closed.get()) {
      throw new MlException("classifier '" + card.name() + "' is closed");
    }
    double[][] probs = probabilities(texts);
    List<Classification> out = new ArrayList<>(probs.length);
    for (double[] p : probs) {
      out.add(Classification.fromScores(config.labels(), p));
    }
    return out;
  }

  /**
   * Softmax probabilities of each text, in input order, batches of similar length.
   *
   * @param texts the texts
   * @return one row per text
   */
  public double[][] probabilities(List<String> texts) {
    List<long[]> ids = tokenizer.ids(texts);
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> ids.get(i).length));
    double[][] out = new double[texts.size()][];
    for (int start = 0; start < order.length; ) {
      int end = bucketEnd(order, ids, start);
      List<long[]> batch = new ArrayList<>(end - start);
      for (int k = start; k < end; k++) {
        batch.add(ids.get(order[k]));
      }
      float[][] logits = run(TokenBatch.pad(batch));
      for (int k = start; k < end; k++) {
        out[order[k]] = softmax(logits[k - start]);
      }
      start = end;
    }
    return out;
  }

  /**
   * End (exclusive) of the sub-batch starting at {@code start} of the length-sorted texts: at most
   * {@value #BATCH} texts, and padding at most {@value #MAX_PADDING} of the real tokens, since a
   * padded token costs as much as a real one.
   */
  static int bucketEnd(Integer[] order, List<long[]> ids, int start) {
    long tokens = 0;
    int end = start;
    while (end < order.length && end - start < BATCH) {
      int len = Math.max(1, ids.get(order[end]).length);
      long padded = (long) len * (end - start + 1);
      if (end > start && padded > (tokens + len) * MAX_PADDING) {
        break;
      }
      tokens += len;
      end++;
    }
    return end;
  }

  private float[][] run(TokenBatch batch) {
    int n = batch.size();
    long[] shape = {n, batch.length()};
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(INPUT_IDS, tensor(batch.ids(), shape));
      in.put(ATTENTION_MASK, tensor(batch.mask(), shape));
      if (feedTypes) {
        in.put(TOKEN_TYPE_IDS, tensor(batch.typeIds(), shape));
      }
      try (OrtSession.Result r = session.run(in, Set.of(output))) {
        if (!(r.get(0) instanceof OnnxTensor t)
            || t.getInfo().type != OnnxJavaType.FLOAT
            || t.getInfo().getShape().length != 2
            || t.getInfo().getShape()[0] != n) {
          throw new MlException(
              "model of '" + card.name() + "' returned no [batch, labels] float logits");
        }
        int width = Math.toIntExact(t.getInfo().getShape()[1]);
        FloatBuffer flat = t.getFloatBuffer();
        float[][] logits = new float[n][width];
        for (int i = 0; i < n; i++) {
          flat.get(logits[i]);
        }
        return logits;
      }
    } catch (OrtException e) {
      throw new MlException("ONNX Runtime failed on '" + card.name() + "': " + e.getMessage(), e);
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /** A {@code [batch, tokens]} int64 tensor from rows of equal length, copied once. */
  private OnnxTensor tensor(long[][] rows, long[] shape) throws OrtException {
    LongBuffer flat = LongBuffer.allocate(Math.toIntExact(shape[0] * shape[1]));
    for (long[] row : rows) {
      flat.put(row);
    }
    flat.flip();
    return OnnxTensor.createTensor(env, flat, shape);
  }

  private static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
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
   * The configuration (labels, maximum length, precision).
   *
   * @return the configuration
   */
  public OrtTextConfig config() {
    return config;
  }

  /**
   * Intra-op threads of the session.
   *
   * @return the thread count
   */
  public int threads() {
    return threads;
  }

  /**
   * The tokenizer's {@code tokenizer.json} bytes.
   *
   * @return a copy of the bytes
   */
  public byte[] tokenizerJson() {
    return tokenizer.json();
  }

  /**
   * The ONNX graph.
   *
   * @return a copy of the model bytes
   */
  public byte[] onnxBytes() {
    return onnx.clone();
  }

  /**
   * Size of the ONNX graph in bytes.
   *
   * @return the size
   */
  public long modelBytes() {
    return onnx.length;
  }

  /**
   * The same model in a new session with another number of intra-op threads (the caller closes it).
   *
   * @param newThreads intra-op threads
   * @return the new classifier
   */
  public OrtTextClassifier withThreads(int newThreads) {
    return new OrtTextClassifier(onnx, tokenizer.json(), config, card, newThreads);
  }

  /**
   * This model with another card (same format and labels) in a new session (the caller closes it).
   *
   * @param newCard the card
   * @return the new classifier
   */
  public OrtTextClassifier withCard(ModelCard newCard) {
    return new OrtTextClassifier(onnx, tokenizer.json(), config, newCard, threads);
  }

  @Override
  public void save(Path dir) {
    Objects.requireNonNull(dir, "dir");
    write(dir, onnx, tokenizer.json(), config, card);
  }

  /** Closes the session and the tokenizer; later calls fail with an {@link MlException}. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(session);
      tokenizer.close();
    }
  }

  private static void closeQuietly(OrtSession s) {
    try {
      s.close();
    } catch (OrtException e) {
      LOG.debug("closing an ONNX Runtime session failed: {}", e.getMessage());
    }
  }
}
