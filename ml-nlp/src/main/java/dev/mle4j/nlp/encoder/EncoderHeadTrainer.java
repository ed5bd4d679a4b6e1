package dev.mle4j.nlp.encoder;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link EncoderHeadClassifier}: embeds the training (and validation) texts once with a
 * frozen {@link SentenceEncoder}, then fits a softmax-regression head on the embeddings for every
 * L2 penalty of {@link Builder#l2Grid(List)} and keeps the one with the best validation macro F1
 * (ties go to the stronger penalty). Without validation rows, the middle of the grid is used.
 *
 * <p>The head standardises each embedding dimension with the training mean and deviation and
 * minimises the mean log loss plus {@code l2/2 * ||W||^2} with L-BFGS, from zero weights for the
 * strongest penalty and warm-started from the previous solution for the next ones: training is
 * deterministic (the seed is only recorded in the card). Instances are immutable; each {@link
 * #train} call opens its own encoder, which the returned classifier owns.
 */
public final class EncoderHeadTrainer implements TextClassifierTrainer {

  /** The {@link ModelCard#task()} of the models this trainer produces. */
  public static final String TASK = "text-classification";

  private static final Logger LOG = LoggerFactory.getLogger(EncoderHeadTrainer.class);

  private final EncoderModel model;
  private final String modelName;
  private final int maxLength;
  private final int batchSize;
  private final int threads;
  private final List<Double> l2Grid;
  private final int iterations;
  private final boolean balanceClasses;
  private final long seed;

  private EncoderHeadTrainer(Builder b) {
    this.model = b.model;
    this.modelName = b.modelName;
    this.maxLength = b.maxLength;
    this.batchSize = b.batchSize;
    this.threads = b.threads;
    this.l2Grid = List.copyOf(b.l2Grid);
    this.iterations = b.iterations;
    this.balanceClasses = b.balanceClasses;
    this.seed = b.seed;
  }

  /**
   * Starts a builder for a head on the given encoder.
   *
   * @param model the frozen encoder model
   * @return a builder with the defaults
   */
  public static Builder builder(EncoderModel model) {
    return new Builder(model);
  }

  @Override
  public String name() {
    return modelName;
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("encoder", model.id());
    p.put("pooling", model.pooling().name().toLowerCase(java.util.Locale.ROOT));
    p.put("prefix", model.prefix(TextRole.QUERY));
    p.put("max_length", Integer.toString(maxLength));
    p.put("batch_size", Integer.toString(batchSize));
    p.put("threads", Integer.toString(threads));
    p.put("head", "softmax-regression (standardised features, L-BFGS)");
    p.put("l2_grid", l2Grid.toString());
    p.put("iterations", Integer.toString(iterations));
    p.put("balance_classes", Boolean.toString(balanceClasses));
    p.put("seed", Long.toString(seed));
    return p;
  }

  /**
   * Embeds the rows once and fits the head, picking the L2 penalty on the validation rows.
   *
   * @param train training rows (at least two distinct labels)
   * @param validation validation rows used to pick the penalty (may be empty)
   * @return the trained classifier, which owns its encoder (close it)
   * @throws MlException if the training set is null, empty, has a null row or a single label
   */
  @Override
  public EncoderHeadClassifier train(List<LabeledText> train, List<LabeledText> validation) {
    if (train == null || train.isEmpty()) {
      throw new MlException("cannot train on an empty training set");
    }
    List<LabeledText> val = validation == null ? List.of() : validation;
    TreeSet<String> labelSet = new TreeSet<>();
    for (int i = 0; i < train.size(); i++) {
      if (train.get(i) == null) {
        throw new MlException("training example at index " + i + " is null");
      }
      labelSet.add(train.get(i).label());
    }
    for (int i = 0; i < val.size(); i++) {
      if (val.get(i) == null) {
        throw new MlException("validation example at index " + i + " is null");
      }
    }
    if (labelSet.size() < 2) {
      throw new MlException("need at least two labels to train a classifier, found " + labelSet);
    }
    List<String> labels = List.copyOf(labelSet);
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      ids.put(labels.get(i), i);
    }
    SentenceEncoder encoder =
        SentenceEncoder.builder(model)
            .maxLength(maxLength)
            .batchSize(batchSize)
            .threads(threads)
            .build();
    try {
      long start = System.nanoTime();
      Embeddings trainEmb = encoder.encode(texts(train), TextRole.QUERY);
      Embeddings valEmb = encoder.encode(texts(val), TextRole.QUERY);
      long embedded = System.nanoTime();
      LOG.info(
          "{}: embedded {} training and {} validation texts in {} ms ({} cut to {} tokens)",
          modelName,
          train.size(),
          val.size(),
          (embedded - start) / 1_000_000,
          trainEmb.truncated() + valEmb.truncated(),
          maxLength);
      int[] y = new int[train.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = ids.get(train.get(i).label());
      }
      int[] yVal = new int[val.size()];
      for (int i = 0; i < yVal.length; i++) {
        yVal[i] = ids.getOrDefault(val.get(i).label(), -1);
      }
      SoftmaxHead best = null;
      double bestF1 = -1;
      double bestL2 = Double.NaN;
      List<Double> candidates =
          val.isEmpty() ? List.of(l2Grid.get(l2Grid.size() / 2)) : sortedDescending(l2Grid);
      SoftmaxHead.Problem problem =
          new SoftmaxHead.Problem(trainEmb.vectors(), y, labels, balanceClasses);
      SoftmaxHead previous = null;
      for (double l2 : candidates) {
        // strongest penalty first; each fit starts from the previous solution
        SoftmaxHead head = problem.fit(l2, iterations, previous);
        previous = head;
        double f1 = val.isEmpty() ? 0.0 : macroF1(head, valEmb.vectors(), yVal, labels.size());
        LOG.debug("{}: l2={} validation macro F1 {}", modelName, l2, f1);
        if (f1 > bestF1) {
          bestF1 = f1;
          best = head;
          bestL2 = l2;
        }
      }
      LOG.info(
          "{}: head fitted in {} ms, l2={}{}",
          modelName,
          (System.nanoTime() - embedded) / 1_000_000,
          bestL2,
          val.isEmpty() ? " (no validation rows)" : ", validation macro F1 " + bestF1);
      Map<String, String> params = parameters();
      params.put("l2", Double.toString(bestL2));
      params.put("truncated_training_texts", Integer.toString(trainEmb.truncated()));
      ModelCard card =
          new ModelCard(
              modelName,
              "",
              TASK,
              EncoderHeadClassifier.FORMAT,
              labels,
              Map.of(),
              "",
              params,
              Instant.now());
      return new EncoderHeadClassifier(encoder, best, card);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  private static List<String> texts(List<LabeledText> rows) {
    List<String> out = new ArrayList<>(rows.size());
    for (LabeledText r : rows) {
      out.add(r.text());
    }
    return out;
  }

  private static List<Double> sortedDescending(List<Double> values) {
    List<Double> out = new ArrayList<>(new TreeSet<>(values).descendingSet());
    return out;
  }

  /** Macro F1 over the training labels; rows with an unseen label count as misses. */
  static double macroF1(SoftmaxHead head, float[][] x, int[] y, int numLabels) {
    int[] tp = new int[numLabels];
    int[] fp = new int[numLabels];
    int[] fn = new int[numLabels];
    for (int i = 0; i < x.length; i++) {
      double[] p = head.probabilities(x[i]);
      int pred = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[pred]) {
          pred = c;
        }
      }
      if (pred == y[i]) {
        tp[pred]++;
      } else {
        fp[pred]++;
        if (y[i] >= 0) {
          fn[y[i]]++;
        }
      }
    }
    double sum = 0;
    for (int c = 0; c < numLabels; c++) {
      int denom = 2 * tp[c] + fp[c] + fn[c];
      sum += denom == 0 ? 0.0 : 2.0 * tp[c] / denom;
    }
    return sum / numLabels;
  }

  /** Builds an {@link EncoderHeadTrainer}. */
  public static final class Builder {
    private final EncoderModel model;
    private String modelName;
    private int maxLength = 128;
    private int batchSize = 32;
    private int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private List<Double> l2Grid = List.of(1e-1, 1e-2, 1e-3, 1e-4);
    private int iterations = 200;
    private boolean balanceClasses;
    private long seed = 42L;

    private Builder(EncoderModel model) {
      this.model = model;
      this.modelName = model == null ? null : model.id() + "-head";
    }

    /**
     * The model name written into the card (default: the encoder id plus {@code -head}).
     *
     * @param value the name, not blank
     * @return this builder
     */
    public Builder modelName(String value) {
      this.modelName = value;
      return this;
    }

    /**
     * Encoder token limit (default 128); see {@link SentenceEncoder.Builder#maxLength(int)}.
     *
     * @param value 2 to {@value EncoderModel#MAX_POSITIONS}
     * @return this builder
     */
    public Builder maxLength(int value) {
      this.maxLength = value;
      return this;
    }

    /**
     * Encoder batch size (default 32).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /**
     * ONNX Runtime intra-op threads (default 2, or 1 on a single core).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder threads(int value) {
      this.threads = value;
      return this;
    }

    /**
     * L2 penalties tried on the validation rows (default 0.1, 0.01, 0.001, 0.0001).
     *
     * @param values finite values {@code >= 0}, at least one
     * @return this builder
     */
    public Builder l2Grid(List<Double> values) {
      this.l2Grid = values;
      return this;
    }

    /**
     * Maximum L-BFGS iterations per penalty (default 200; fits usually converge sooner).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder iterations(int value) {
      this.iterations = value;
      return this;
    }

    /**
     * Weights examples inversely to their label's frequency (default false).
     *
     * @param value whether to balance
     * @return this builder
     */
    public Builder balanceClasses(boolean value) {
      this.balanceClasses = value;
      return this;
    }

    /**
     * Seed recorded in the card (the fit itself has no randomness).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Validates the settings.
     *
     * @return the trainer
     * @throws MlException if a value is out of range
     */
    public EncoderHeadTrainer build() {
      if (model == null) {
        throw new MlException("encoder model is null");
      }
      if (modelName == null || modelName.isBlank()) {
        throw new MlException("modelName is empty");
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
      if (iterations < 1) {
        throw new MlException("iterations must be at least 1, got " + iterations);
      }
      if (l2Grid == null || l2Grid.isEmpty()) {
        throw new MlException("l2Grid is empty");
      }
      for (Double v : l2Grid) {
        if (v == null || !(v >= 0) || v.isInfinite()) {
          throw new MlException("l2Grid values must be finite and >= 0, got " + l2Grid);
        }
      }
      return new EncoderHeadTrainer(this);
    }
  }

  @Override
  public String toString() {
    return "EncoderHeadTrainer[" + modelName + " on " + model.id() + "]";
  }
}
