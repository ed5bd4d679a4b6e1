package dev.mle4j.rag.retrieve;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ScoredChunk;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A cross-encoder reranker running a user-supplied ONNX model (for example an exported
 * ms-marco-MiniLM-L-6-v2): each (query, passage) pair is tokenized together by the model's {@code
 * tokenizer.json} (truncated to {@code maxLength}, 512 by default), batched, and scored.
 *
 * <p>The model takes {@code input_ids} and {@code attention_mask} (int64 {@code [batch, seq]}) and
 * {@code token_type_ids} when it declares it. Its first output holds logits: {@code [batch, 1]} (or
 * {@code [batch]}) gives the score directly; {@code [batch, 2]} gives the softmax probability of
 * class 1 ("relevant"). One ONNX Runtime session per instance, safe for concurrent use; close it.
 */
public final class OnnxCrossEncoder implements Reranker, AutoCloseable {

  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";

  private final String name;
  private final int batchSize;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean typeIds;
  private final String output;
  private volatile boolean closed;

  private OnnxCrossEncoder(Builder b, Path model, Path tokenizerFile) {
    this.name = b.name != null ? b.name : defaultName(model);
    this.batchSize = b.batchSize;
    this.env = OrtEnvironment.getEnvironment();
    OrtSession s = null;
    HuggingFaceTokenizer t = null;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(b.threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      s = env.createSession(model.toString(), options);
      Set<String> inputs = s.getInputNames();
      for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
        if (!inputs.contains(required)) {
          throw new MlException(
              "cross-encoder "
                  + model
                  + " has no input '"
                  + required
                  + "' (inputs: "
                  + inputs
                  + ")");
        }
      }
      for (String in : inputs) {
        if (!Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS).contains(in)) {
          throw new MlException(
              "cross-encoder "
                  + model
                  + " needs an unsupported input '"
                  + in
                  + "' (supported: input_ids, attention_mask, token_type_ids)");
        }
      }
      this.typeIds = inputs.contains(TOKEN_TYPE_IDS);
      Map<String, NodeInfo> outs = s.getOutputInfo();
      String first = outs.keySet().iterator().next();
      if (outs.get(first).getInfo() instanceof TensorInfo ti) {
        long[] shape = ti.getShape();
        boolean ok =
            shape.length == 1
                || (shape.length == 2 && (shape[1] == 1 || shape[1] == 2 || shape[1] < 0));
        if (!ok) {
          throw new MlException(
              "cross-encoder "
                  + model
                  + " output '"
                  + first
                  + "' has shape "
                  + Arrays.toString(shape)
                  + "; expected logits [batch, 1] or [batch, 2]");
        }
      } else {
        throw new MlException("cross-encoder " + model + " output '" + first + "' is not a tensor");
      }
      this.output = first;
      t =
          HuggingFaceTokenizer.newInstance(
              tokenizerFile,
              Map.of(
                  "addSpecialTokens", "true",
                  "truncation", "true",
                  "padding", "false",
                  "maxLength", Integer.toString(b.maxLength)));
      this.session = s;
      this.tokenizer = t;
    } catch (OrtException e) {
      closeQuietly(s, t);
      throw new MlException("cannot load the cross-encoder " + model + ": " + e.getMessage(), e);
    } catch (IOException e) {
      closeQuietly(s, t);
      throw new MlException(
          "cannot read the tokenizer " + tokenizerFile + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(s, t);
      throw e;
    }
  }

  private static String defaultName(Path model) {
    Path parent = model.toAbsolutePath().getParent();
    String base = parent == null ? model.getFileName().toString() : parent.getFileName().toString();
    return "cross-encoder(" + base + ")";
  }

  private static void closeQuietly(OrtSession s, HuggingFaceTokenizer t) {
    if (t != null) {
      t.close();
    }
    if (s != null) {
      try {
        s.close();
      } catch (OrtException e) {
        // already failing; the original error is more useful
      }
    }
  }

  /**
   * Starts configuring a cross-encoder.
   *
   * @param modelPath a folder holding {@code model.onnx} and {@code tokenizer.json}, or the {@code
   *     .onnx} file itself (its folder must then hold {@code tokenizer.json} unless {@link
   *     Builder#tokenizer(Path)} is given)
   * @return a builder
   */
  public static Builder builder(Path modelPath) {
    return new Builder(modelPath);
  }

  /**
   * Opens a cross-encoder with default options.
   *
   * @param modelPath a folder with {@code model.onnx} and {@code tokenizer.json}, or the model file
   * @return the reranker (close it)
   */
  public static OnnxCrossEncoder open(Path modelPath) {
    return builder(modelPath).build();
  }

  /**
   * Scores (query, passage) pairs.
   *
   * @param query the query
   * @param passages the passages
   * @return one score per passage (higher is more relevant)
   */
  public double[] score(String query, List<String> passages) {
    Args.query(query);
    Objects.requireNonNull(passages, "passages");
    if (closed) {
      throw new IllegalStateException("cross-encoder " + name + " is closed");
    }
    int n = passages.size();
    Encoding[] enc = new Encoding[n];
    for (int i = 0; i < n; i++) {
      String p = Objects.requireNonNull(passages.get(i), "passage " + i);
      enc[i] = tokenizer.encode(query, p);
    }
    // sort by length so each batch pads little
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> enc[i].getIds().length));
    double[] scores = new double[n];
    for (int from = 0; from < n; from += batchSize) {
      List<Integer> batch = order.subList(from, Math.min(n, from + batchSize));
      double[] s = runBatch(batch, enc);
      for (int j = 0; j < batch.size(); j++) {
        scores[batch.get(j)] = s[j];
      }
    }
    return scores;
  }

  private double[] runBatch(List<Integer> batch, Encoding[] enc) {
    int rows = batch.size();
    int seq = 1;
    for (int i : batch) {
      seq = Math.max(seq, enc[i].getIds().length);
    }
    long[] ids = new long[rows * seq];
    long[] mask = new long[rows * seq];
    long[] types = new long[rows * seq];
    for (int r = 0; r < rows; r++) {
      Encoding e = enc[batch.get(r)];
      long[] eIds = e.getIds();
      long[] eMask = e.getAttentionMask();
      long[] eTypes = e.getTypeIds();
      System.arraycopy(eIds, 0, ids, r * seq, eIds.length);
      System.arraycopy(eMask, 0, mask, r * seq, eMask.length);
      System.arraycopy(eTypes, 0, types, r * seq, eTypes.length);
    }
    long[] shape = {rows, seq};
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      feed.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      feed.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (typeIds) {
        feed.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
      }
      try (OrtSession.Result result = session.run(feed, Set.of(output))) {
        OnnxValue value = result.get(0);
        return toScores(value.getValue(), rows);
      }
    } catch (OrtException e) {
      throw new MlException("cross-encoder " + name + " failed: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : feed.values()) {
        t.close();
      }
    }
  }

  private double[] toScores(Object value, int rows) {
    double[] out = new double[rows];
    if (value instanceof float[] flat && flat.length == rows) {
      for (int i = 0; i < rows; i++) {
        out[i] = flat[i];
      }
      return out;
    }
    if (value instanceof float[][] logits && logits.length == rows) {
      for (int i = 0; i < rows; i++) {
        float[] row = logits[i];
        if (row.length == 1) {
          out[i] = row[0];
        } else if (row.length == 2) {
          double m = Math.max(row[0], row[1]);
          double e0 = Math.exp(row[0] - m);
          double e1 = Math.exp(row[1] - m);
          out[i] = e1 / (e0 + e1);
        } else {
          throw new MlException(
              "cross-encoder "
                  + name
                  + " returned "
                  + row.length
                  + " logits per pair; expected 1 or 2");
        }
      }
      return out;
    }
    throw new MlException(
        "cross-encoder "
            + name
            + " returned an unexpected output type "
            + value.getClass().getSimpleName());
  }

  @Override
  public List<ScoredChunk> rerank(String query, List<ScoredChunk> candidates, int k) {
    Args.query(query);
    Args.k(k);
    Args.candidates(candidates);
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<String> texts = new ArrayList<>(candidates.size());
    for (ScoredChunk sc : candidates) {
      texts.add(sc.chunk().text());
    }
    double[] s = score(query, texts);
    List<ScoredChunk> scored = new ArrayList<>(candidates.size());
    for (int i = 0; i < s.length; i++) {
      scored.add(new ScoredChunk(candidates.get(i).chunk(), s[i]));
    }
    scored.sort(Comparator.comparingDouble(ScoredChunk::score).reversed());
    return List.copyOf(scored.subList(0, Math.min(k, scored.size())));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    tokenizer.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new MlException("cannot close the cross-encoder " + name + ": " + e.getMessage(), e);
    }
  }

  /** Options for {@link OnnxCrossEncoder}. */
  public static final class Builder {
    private final Path modelPath;
    private Path tokenizer;
    private int maxLength = 512;
    private int batchSize = 16;
    private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private String name;

    private Builder(Path modelPath) {
      this.modelPath = Objects.requireNonNull(modelPath, "modelPath");
    }

    /**
     * The tokenizer file (default: {@code tokenizer.json} next to the model).
     *
     * @param tokenizerJson the file
     * @return this builder
     */
    public Builder tokenizer(Path tokenizerJson) {
      this.tokenizer = Objects.requireNonNull(tokenizerJson, "tokenizerJson");
      return this;
    }

    /**
     * Maximum tokens per (query, passage) pair; longer pairs are truncated (512).
     *
     * @param maxLength tokens, {@code > 0}
     * @return this builder
     */
    public Builder maxLength(int maxLength) {
      if (maxLength <= 0) {
        throw new IllegalArgumentException("maxLength must be > 0, got " + maxLength);
      }
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Pairs per ONNX Runtime call (16).
     *
     * @param batchSize pairs, {@code > 0}
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * ONNX Runtime intra-op threads (default: processors, at most 4).
     *
     * @param threads threads, {@code > 0}
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("threads must be > 0, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * The name in reports (default {@code cross-encoder(<folder>)}).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Loads the model and tokenizer.
     *
     * @return the cross-encoder (close it)
     * @throws MlException when a file is missing or the model's inputs or outputs do not fit
     */
    public OnnxCrossEncoder build() {
      Path model = modelPath;
      if (Files.isDirectory(model)) {
        model = model.resolve("model.onnx");
      }
      if (!Files.isRegularFile(model)) {
        throw new MlException(
            "cross-encoder model not found: "
                + model
                + " (give a folder with model.onnx and tokenizer.json, or the .onnx file)");
      }
      Path tok = tokenizer;
      if (tok == null) {
        Path parent = model.toAbsolutePath().getParent();
        tok = parent.resolve("tokenizer.json");
      }
      if (!Files.isRegularFile(tok)) {
        throw new MlException("cross-encoder tokenizer not found: " + tok);
      }
      return new OnnxCrossEncoder(this, model, tok);
    }
  }
}
