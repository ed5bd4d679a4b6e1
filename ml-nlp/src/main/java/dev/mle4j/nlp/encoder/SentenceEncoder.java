package dev.mle4j.nlp.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds texts with one {@link EncoderModel}: Hugging Face tokenizer (DJL bindings) and an ONNX
 * Runtime session with a bounded number of intra-op threads, the model's pooling and L2
 * normalisation.
 *
 * <p>Texts are tokenized with the model's special tokens, prefixed per {@link TextRole} where the
 * model wants it (e5), and truncated to {@link Builder#maxLength(int)} tokens (default 128, prefix
 * and special tokens included): the tail of a longer text is dropped, the text is still embedded,
 * and {@link #encode} reports how many texts were cut. The texts of one call are sorted by token
 * count and run in batches of {@link Builder#batchSize(int)}, each padded only to its longest
 * member, then the vectors are put back in input order. The graph's declared inputs decide which
 * tensors are fed ({@code input_ids}, {@code attention_mask}, and {@code token_type_ids} as zeros
 * when present).
 *
 * <p>Thread-safe: concurrent calls share the session. {@link #close()} releases the session and the
 * tokenizer; later calls fail with an {@link MlException}. ONNX Runtime's {@link OrtEnvironment} is
 * a process-wide singleton and is not closed.
 */
public final class SentenceEncoder implements Embedder {

  private static final Logger LOG = LoggerFactory.getLogger(SentenceEncoder.class);
  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";

  private final EncoderModel model;
  private final int maxLength;
  private final int batchSize;
  private final int threads;
  private final TextRole role;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean feedTokenTypes;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final long modelBytes;

  private SentenceEncoder(Builder b) {
    this.model = b.model;
    this.maxLength = b.maxLength;
    this.batchSize = b.batchSize;
    this.threads = b.threads;
    this.role = b.role;
    this.env = OrtEnvironment.getEnvironment();
    byte[] onnx = readResource(model.onnxResource());
    this.modelBytes = onnx.length;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(onnx, options);
    } catch (OrtException e) {
      throw new MlException(
          "cannot create an ONNX Runtime session for " + model.onnxResource() + ": " + e, e);
    }
    try {
      Set<String> inputs = session.getInputNames();
      if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
        throw new MlException(
            model.onnxResource()
                + " has inputs "
                + inputs
                + ", expected input_ids and attention_mask");
      }
      this.feedTokenTypes = inputs.contains(TOKEN_TYPE_IDS);
      NodeInfo out = session.getOutputInfo().values().iterator().next();
      if (!(out.getInfo() instanceof TensorInfo info) || info.getShape().length != 3) {
        throw new MlException(
            model.onnxResource() + ": first output " + out.getName() + " is not a rank-3 tensor");
      }
      Map<String, String> tokOptions = new HashMap<>();
      tokOptions.put("addSpecialTokens", "true");
      tokOptions.put("truncation", "true");
      tokOptions.put("padding", "false");
      tokOptions.put("maxLength", Integer.toString(maxLength));
      try (InputStream in = open(model.tokenizerResource())) {
        this.tokenizer = HuggingFaceTokenizer.newInstance(in, tokOptions);
      }
    } catch (IOException | OrtException | RuntimeException e) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // reported through the original failure
      }
      if (e instanceof MlException ml) {
        throw ml;
      }
      throw new MlException(
          "cannot load tokenizer " + model.tokenizerResource() + " of " + model.id() + ": " + e, e);
    }
    LOG.debug(
        "opened encoder {} ({} threads, max {} tokens, batch {})",
        model.id(),
        threads,
        maxLength,
        batchSize);
  }

  /**
   * Starts a builder for the given model.
   *
   * @param model the encoder model
   * @return a builder with the defaults
   */
  public static Builder builder(EncoderModel model) {
    return new Builder(model);
  }

  /**
   * Opens an encoder with the default settings.
   *
   * @param model the encoder model
   * @return the encoder, which the caller closes
   */
  public static SentenceEncoder open(EncoderModel model) {
    return builder(model).build();
  }

  /**
   * Size of the ONNX model file this encoder runs (read from its jar).
   *
   * @return bytes
   */
  public long modelBytes() {
    return modelBytes;
  }

  /**
   * The encoder this instance runs.
   *
   * @return the model
   */
  public EncoderModel model() {
    return model;
  }

  /**
   * The token limit (special tokens and prefix included).
   *
   * @return the maximum number of tokens per text
   */
  public int maxLength() {
    return maxLength;
  }

  /**
   * Texts per ONNX Runtime call.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * ONNX Runtime intra-op threads of the session.
   *
   * @return the thread count
   */
  public int threads() {
    return threads;
  }

  /**
   * The role {@link #embed(List)} uses.
   *
   * @return the default role
   */
  public TextRole role() {
    return role;
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  /**
   * Embeds texts with the encoder's default {@link #role()}.
   *
   * @param texts the texts (no nulls; an empty list gives an empty array)
   * @return one unit-length vector per text, in input order
   * @throws MlException if the list or a text is null, or inference fails
   */
  @Override
  public float[][] embed(List<String> texts) {
    return encode(texts, role).vectors();
  }

  /**
   * Embeds texts and counts how many were truncated.
   *
   * @param texts the texts (no nulls)
   * @param textRole picks the prefix for models trained with one (e5)
   * @return the vectors, in input order, and the number of truncated texts
   * @throws MlException if the list or a text is null, or inference fails
   */
  public Embeddings encode(List<String> texts, TextRole textRole) {
    if (texts == null) {
      throw new MlException("texts is null");
    }
    Objects.requireNonNull(textRole, "textRole");
    if (closed.get()) {
      throw new MlException("encoder " + model.id() + " is closed");
    }
    int n = texts.size();
    if (n == 0) {
      return new Embeddings(new float[0][], 0);
    }
    String prefix = model.prefix(textRole);
    String[] inputs = new String[n];
    for (int i = 0; i < n; i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new MlException("text at index " + i + " is null");
      }
      inputs[i] = prefix + text;
    }
    Encoding[] encodings = tokenizer.batchEncode(inputs);
    int truncated = 0;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (encodings[i].exceedMaxLength()) {
        truncated++;
      }
    }
    Arrays.sort(
        order,
        (a, b) -> Integer.compare(encodings[a].getIds().length, encodings[b].getIds().length));
    float[][] out = new float[n][];
    for (int start = 0; start < n; start += batchSize) {
      int end = Math.min(n, start + batchSize);
      runBatch(encodings, order, start, end, out);
    }
    if (truncated > 0) {
      LOG.debug("{} of {} texts cut to {} tokens by {}", truncated, n, maxLength, model.id());
    }
    return new Embeddings(out, truncated);
  }

  private void runBatch(Encoding[] encodings, Integer[] order, int start, int end, float[][] out) {
    int rows = end - start;
    int seq = 0;
    for (int r = start; r < end; r++) {
      seq = Math.max(seq, encodings[order[r]].getIds().length);
    }
    long[] ids = new long[rows * seq];
    long[][] masks = new long[rows][seq];
    long[] flatMask = new long[rows * seq];
    for (int r = 0; r < rows; r++) {
      long[] tokenIds = encodings[order[start + r]].getIds();
      System.arraycopy(tokenIds, 0, ids, r * seq, tokenIds.length);
      for (int t = 0; t < tokenIds.length; t++) {
        masks[r][t] = 1;
        flatMask[r * seq + t] = 1;
      }
    }
    long[] shape = {rows, seq};
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      feed.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      feed.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(flatMask), shape));
      if (feedTokenTypes) {
        feed.put(
            TOKEN_TYPE_IDS,
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * seq]), shape));
      }
      try (OrtSession.Result result = session.run(feed)) {
        if (!(result.get(0) instanceof OnnxTensor hidden)) {
          throw new MlException(model.id() + ": first output is not a tensor");
        }
        long[] outShape = hidden.getInfo().getShape();
        if (outShape.length != 3
            || outShape[0] != rows
            || outShape[1] != seq
            || outShape[2] != model.dimension()) {
          throw new MlException(
              model.id()
                  + ": output shape "
                  + Arrays.toString(outShape)
                  + ", expected ["
                  + rows
                  + ", "
                  + seq
                  + ", "
                  + model.dimension()
                  + "]");
        }
        FloatBuffer buffer = hidden.getFloatBuffer();
        float[] flat = new float[buffer.remaining()];
        buffer.get(flat);
        for (int r = 0; r < rows; r++) {
          out[order[start + r]] =
              model.pooling().poolRow(flat, r, seq, model.dimension(), masks[r], true);
        }
      }
    } catch (OrtException e) {
      throw new MlException("ONNX Runtime failed on " + model.id() + ": " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : feed.values()) {
        t.close();
      }
    }
  }

  private static InputStream open(String resource) {
    InputStream in = SentenceEncoder.class.getResourceAsStream(resource);
    if (in == null) {
      throw new MlException(
          "class-path resource "
              + resource
              + " not found: is the langchain4j embeddings jar holding it on the class path?");
    }
    return in;
  }

  private static byte[] readResource(String resource) {
    try (InputStream in = open(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new MlException("cannot read class-path resource " + resource + ": " + e, e);
    }
  }

  /** Releases the ONNX Runtime session and the tokenizer; calling it twice is harmless. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      tokenizer.close();
      try {
        session.close();
      } catch (OrtException e) {
        throw new MlException("cannot close the ONNX session of " + model.id() + ": " + e, e);
      }
    }
  }

  /** Builds a {@link SentenceEncoder}. */
  public static final class Builder {
    private final EncoderModel model;
    private int maxLength = 128;
    private int batchSize = 32;
    private int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private TextRole role = TextRole.QUERY;

    private Builder(EncoderModel model) {
      this.model = model;
    }

    /**
     * Token limit per text, special tokens and prefix included (default 128; 256 keeps more of long
     * texts at about twice the cost for them).
     *
     * @param value 2 to {@value EncoderModel#MAX_POSITIONS}
     * @return this builder
     */
    public Builder maxLength(int value) {
      this.maxLength = value;
      return this;
    }

    /**
     * Texts per ONNX Runtime call (default 32).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /**
     * ONNX Runtime intra-op threads (default: 2, or 1 on a single-core machine).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder threads(int value) {
      this.threads = value;
      return this;
    }

    /**
     * The role {@link SentenceEncoder#embed(List)} uses (default {@link TextRole#QUERY}).
     *
     * @param value the role
     * @return this builder
     */
    public Builder role(TextRole value) {
      this.role = value;
      return this;
    }

    /**
     * Validates the settings and opens the encoder (reads the model from the class path).
     *
     * @return the encoder, which the caller closes
     * @throws MlException if a value is out of range or the model cannot be loaded
     */
    public SentenceEncoder build() {
      if (model == null) {
        throw new MlException("encoder model is null");
      }
      if (maxLength < 2 || maxLength > EncoderModel.MAX_POSITIONS) {
        throw new MlException(
            "maxLength must be between 2 and " + EncoderModel.MAX_POSITIONS + ", got " + maxLength);
      }
      if (batchSize < 1) {
        throw new MlException("batchSize must be at least 1, got " + batchSize);
      }
      if (threads < 1) {
        throw new MlException("threads must be at least 1, got " + threads);
      }
      if (role == null) {
        throw new MlException("role is null");
      }
      return new SentenceEncoder(this);
    }
  }
}
