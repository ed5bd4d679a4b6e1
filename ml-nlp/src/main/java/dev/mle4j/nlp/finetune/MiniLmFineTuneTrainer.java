package dev.mle4j.nlp.finetune;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.metrics.ClassificationMetrics;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.onnx.OnnxWeights;
import dev.mle4j.nlp.text.TokenBatch;
import dev.mle4j.nlp.text.WordPieceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a BERT-style encoder end to end for text classification (model name {@value #NAME}):
 * the all-MiniLM-L6-v2 weights read from its FP32 ONNX file ({@link OnnxWeights}) go into a DJL
 * {@link BertEncoderBlock}; mean pooling over the attention mask, dropout and a linear head are
 * added, and every weight (encoder and head) is trained with softmax cross-entropy and AdamW, a
 * linear warm-up then linear decay of the learning rate. Batches are drawn in a seeded shuffled
 * order with texts of similar length grouped together (less padding). After each epoch the model is
 * scored on the validation rows; the epoch with the best validation macro F1 is kept.
 *
 * <p>Defaults (the usual BERT fine-tuning recipe): learning rate 3e-5, 10% warm-up, weight decay
 * 0.01, batch 16, 3 epochs, 128 tokens; {@code quick}: 1 epoch, 64 tokens.
 */
public final class MiniLmFineTuneTrainer implements TextClassifierTrainer {

  /** The model name. */
  public static final String NAME = "minilm-finetuned";

  /** The task written into model cards. */
  public static final String TASK = "text-classification";

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmFineTuneTrainer.class);

  private final BertConfig randomInit; // null: pretrained MiniLM
  private final int maxLength;
  private final int batchSize;
  private final int epochs;
  private final float learningRate;
  private final float warmupFraction;
  private final float weightDecay;
  private final float dropout;
  private final long seed;

  private MiniLmFineTuneTrainer(Builder b) {
    this.randomInit = b.randomInit;
    this.maxLength = b.maxLength;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.learningRate = b.learningRate;
    this.warmupFraction = b.warmupFraction;
    this.weightDecay = b.weightDecay;
    this.dropout = b.dropout;
    this.seed = b.seed;
  }

  /**
   * A builder with the full-budget defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("encoder", randomInit == null ? "all-MiniLM-L6-v2 (FP32 ONNX weights)" : "random init");
    BertConfig c = encoderConfig();
    p.put("layers", Integer.toString(c.layers()));
    p.put("hidden_size", Integer.toString(c.hiddenSize()));
    p.put("heads", Integer.toString(c.heads()));
    p.put("pooling", "mean");
    p.put("max_length", Integer.toString(maxLength));
    p.put("batch_size", Integer.toString(batchSize));
    p.put("epochs", Integer.toString(epochs));
    p.put("learning_rate", Float.toString(learningRate));
    p.put("warmup_fraction", Float.toString(warmupFraction));
    p.put("weight_decay", Float.toString(weightDecay));
    p.put("optimizer", "adamw");
    p.put("head_dropout", Float.toString(dropout));
    p.put("seed", Long.toString(seed));
    return p;
  }

  private BertConfig encoderConfig() {
    return randomInit == null ? BertConfig.miniLmL6() : randomInit;
  }

  @Override
  public FineTunedTextClassifier train(List<LabeledText> train, List<LabeledText> validation) {
    if (train == null || train.isEmpty()) {
      throw new MlException("no training texts");
    }
    List<LabeledText> val = validation == null ? List.of() : validation;
    TreeSet<String> labelSet = new TreeSet<>();
    train.forEach(t -> labelSet.add(t.label()));
    if (labelSet.size() < 2) {
      throw new MlException("need at least two labels to train a classifier, found " + labelSet);
    }
    List<String> labels = List.copyOf(labelSet);
    for (LabeledText t : val) {
      if (!labelSet.contains(t.label())) {
        throw new MlException(
            "validation label '" + t.label() + "' does not occur in the training texts " + labels);
      }
    }
    BertConfig config = encoderConfig();
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromResource(MiniLm.TOKENIZER_RESOURCE, maxLength);
    Model model = Model.newInstance(NAME);
    boolean handedOver = false;
    try {
      Engine.getInstance().setRandomSeed((int) seed);
      BertClassifierBlock block = new BertClassifierBlock(config, labels.size(), dropout);
      model.setBlock(block);
      FineTunedTextClassifier.SavedConfig saved =
          new FineTunedTextClassifier.SavedConfig(config, labels, maxLength, dropout);
      long trainable = fit(model, block, tokenizer, labels, train, val);
      Map<String, String> cardParams = new LinkedHashMap<>(parameters());
      cardParams.put("trainable_parameters", Long.toString(trainable));
      ModelCard card =
          new ModelCard(
              NAME,
              "",
              TASK,
              FineTunedTextClassifier.FORMAT,
              labels,
              Map.of(),
              "",
              cardParams,
              Instant.now());
      FineTunedTextClassifier classifier =
          new FineTunedTextClassifier(model, block, tokenizer, saved, card);
      handedOver = true;
      return classifier;
    } finally {
      if (!handedOver) {
        model.close();
        tokenizer.close();
      }
    }
  }

  /** Trains in place; returns the number of trained weights. */
  private long fit(
      Model model,
      BertClassifierBlock block,
      WordPieceTokenizer tokenizer,
      List<String> labels,
      List<LabeledText> train,
      List<LabeledText> val) {
    long start = System.nanoTime();
    List<long[]> ids = tokenizer.ids(train.stream().map(LabeledText::text).toList());
    int[] y = train.stream().mapToInt(t -> labels.indexOf(t.label())).toArray();
    int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
    int totalSteps = stepsPerEpoch * epochs;
    int warmup = Math.max(1, Math.round(totalSteps * warmupFraction));
    Tracker schedule =
        step -> {
          float f =
              step < warmup
                  ? (step + 1f) / warmup
                  : Math.max(0f, (float) (totalSteps - step) / Math.max(1, totalSteps - warmup));
          return learningRate * f;
        };
    Optimizer optimizer =
        Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(weightDecay).build();
    DefaultTrainingConfig tc =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(optimizer)
            .optInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
    Random random = new Random(seed);
    try (Trainer trainer = model.newTrainer(tc)) {
      Shape s = new Shape(batchSize, 8);
      trainer.initialize(s, s, s);
      if (randomInit == null) {
        block.encoder().loadOnnxWeights(OnnxWeights.readResource(MiniLm.ONNX_RESOURCE));
      }
      long trainable = 0;
      for (Pair<String, Parameter> p : block.getParameters()) {
        if (p.getValue().requiresGradient()) {
          trainable += p.getValue().getArray().size();
        }
      }
      LOG.info(
          "fine-tuning {} ({} trainable weights) on {} texts, {} labels: {} epochs x {} steps,"
              + " batch {}, max {} tokens",
          randomInit == null ? "all-MiniLM-L6-v2" : "a random-init encoder",
          trainable,
          train.size(),
          labels.size(),
          epochs,
          stepsPerEpoch,
          batchSize,
          maxLength);
      double bestF1 = -1;
      int bestEpoch = 0;
      byte[] best = null;
      int step = 0;
      for (int epoch = 1; epoch <= epochs; epoch++) {
        List<int[]> batches = batches(ids, random);
        double lossSum = 0;
        int lossCount = 0;
        for (int[] batch : batches) {
          List<long[]> seqs = new ArrayList<>(batch.length);
          int[] labelIds = new int[batch.length];
          for (int k = 0; k < batch.length; k++) {
            seqs.add(ids.get(batch[k]));
            labelIds[k] = y[batch[k]];
          }
          try (NDManager bm = trainer.getManager().newSubManager()) {
            NDList x = BertClassifierBlock.inputs(TokenBatch.pad(seqs), bm);
            NDList target = new NDList(bm.create(labelIds));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDList pred = trainer.forward(x, target);
              NDArray loss = trainer.getLoss().evaluate(target, pred);
              lossSum += loss.getFloat();
              lossCount++;
              gc.backward(loss);
            }
            trainer.step();
          }
          step++;
          if (step % 25 == 0 || step == totalSteps) {
            LOG.info(
                "epoch {} step {}/{}: loss {} lr {} ({} s)",
                epoch,
                step,
                totalSteps,
                fmt(lossSum / lossCount),
                String.format(Locale.ROOT, "%.2e", schedule.getNewValue(step)),
                String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e9));
            lossSum = 0;
            lossCount = 0;
          }
        }
        if (val.isEmpty()) {
          continue;
        }
        double f1 = validationMacroF1(model, block, tokenizer, labels, val);
        LOG.info("epoch {}: validation macro F1 {}", epoch, fmt(f1));
        if (f1 > bestF1) {
          bestF1 = f1;
          bestEpoch = epoch;
          best = epoch < epochs ? snapshot(block) : null; // the last epoch stays in place
        }
      }
      if (best != null && bestEpoch < epochs) {
        restore(model, block, best);
        LOG.info("kept epoch {} (validation macro F1 {})", bestEpoch, fmt(bestF1));
      }
      LOG.info("fine-tuning took {} s", fmt((System.nanoTime() - start) / 1e9));
      return trainable;
    }
  }

  private double validationMacroF1(
      Model model,
      BertClassifierBlock block,
      WordPieceTokenizer tokenizer,
      List<String> labels,
      List<LabeledText> val) {
    double[][] probs =
        FineTunedTextClassifier.probabilities(
            model, block, tokenizer, labels.size(), val.stream().map(LabeledText::text).toList());
    List<String> yPred = new ArrayList<>(val.size());
    for (double[] p : probs) {
      int best = 0;
      for (int j = 1; j < p.length; j++) {
        if (p[j] > p[best]) {
          best = j;
        }
      }
      yPred.add(labels.get(best));
    }
    List<String> yTrue = val.stream().map(LabeledText::label).toList();
    return ClassificationMetrics.evaluate(yTrue, yPred, labels).macroF1();
  }

  /** Seeded shuffled batches; texts of similar length are grouped within chunks of 50 batches. */
  private List<int[]> batches(List<long[]> ids, Random random) {
    List<Integer> order = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    int chunk = batchSize * 50;
    List<int[]> batches = new ArrayList<>();
    for (int c = 0; c < order.size(); c += chunk) {
      List<Integer> part = new ArrayList<>(order.subList(c, Math.min(order.size(), c + chunk)));
      part.sort(Comparator.comparingInt(i -> ids.get(i).length));
      for (int b = 0; b < part.size(); b += batchSize) {
        List<Integer> sub = part.subList(b, Math.min(part.size(), b + batchSize));
        batches.add(sub.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    Collections.shuffle(batches, random);
    return batches;
  }

  private static byte[] snapshot(BertClassifierBlock block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new MlException("cannot snapshot the model parameters: " + e, e);
    }
    return bytes.toByteArray();
  }

  private static void restore(Model model, BertClassifierBlock block, byte[] snapshot) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      block.loadParameters(model.getNDManager(), in);
    } catch (IOException | MalformedModelException e) {
      throw new MlException("cannot restore the best checkpoint: " + e, e);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** Options of {@link MiniLmFineTuneTrainer}. */
  public static final class Builder {
    private BertConfig randomInit;
    private int maxLength = 128;
    private int batchSize = 16;
    private int epochs = 3;
    private float learningRate = 3e-5f;
    private float warmupFraction = 0.1f;
    private float weightDecay = 0.01f;
    private float dropout = 0.1f;
    private long seed = 42L;

    private Builder() {}

    /**
     * The quick budget: 1 epoch, 64 tokens.
     *
     * @return this builder
     */
    public Builder quick() {
      this.epochs = 1;
      this.maxLength = 64;
      return this;
    }

    /**
     * Trains an encoder of this shape from random weights instead of fine-tuning the pretrained
     * all-MiniLM-L6-v2 (for tests and experiments; vocabulary size must be 30522, the MiniLM
     * tokenizer is used).
     *
     * @param config the encoder shape
     * @return this builder
     */
    public Builder randomInit(BertConfig config) {
      this.randomInit = config;
      return this;
    }

    /**
     * Maximum tokens per text, special tokens included (default 128); longer texts are truncated.
     *
     * @param value the length, 2 to the encoder's position count
     * @return this builder
     */
    public Builder maxLength(int value) {
      this.maxLength = value;
      return this;
    }

    /**
     * Texts per training step (default 16).
     *
     * @param value the batch size
     * @return this builder
     */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /**
     * Passes over the training texts (default 3).
     *
     * @param value the epochs
     * @return this builder
     */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /**
     * Peak learning rate of AdamW (default 3e-5).
     *
     * @param value the learning rate
     * @return this builder
     */
    public Builder learningRate(float value) {
      this.learningRate = value;
      return this;
    }

    /**
     * Fraction of the steps with a linear warm-up (default 0.1); then the rate decays linearly to
     * 0.
     *
     * @param value the fraction in [0, 1)
     * @return this builder
     */
    public Builder warmupFraction(float value) {
      this.warmupFraction = value;
      return this;
    }

    /**
     * AdamW weight decay (default 0.01).
     *
     * @param value the decay
     * @return this builder
     */
    public Builder weightDecay(float value) {
      this.weightDecay = value;
      return this;
    }

    /**
     * Dropout before the head (default 0.1; the encoder uses its configuration's dropout).
     *
     * @param value the rate in [0, 1)
     * @return this builder
     */
    public Builder dropout(float value) {
      this.dropout = value;
      return this;
    }

    /**
     * Random seed for weights, dropout and batch order (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the trainer
     * @throws MlException naming the bad option
     */
    public MiniLmFineTuneTrainer build() {
      BertConfig c = randomInit == null ? BertConfig.miniLmL6() : randomInit;
      if (c.vocabSize() != BertConfig.miniLmL6().vocabSize()) {
        throw new MlException(
            "randomInit vocabSize must be "
                + BertConfig.miniLmL6().vocabSize()
                + " (the MiniLM tokenizer), got "
                + c.vocabSize());
      }
      if (maxLength < 2 || maxLength > c.maxPositions()) {
        throw new MlException(
            "maxLength must be in [2, " + c.maxPositions() + "], got " + maxLength);
      }
      if (batchSize < 1) {
        throw new MlException("batchSize must be >= 1, got " + batchSize);
      }
      if (epochs < 1) {
        throw new MlException("epochs must be >= 1, got " + epochs);
      }
      if (!(learningRate > 0)) {
        throw new MlException("learningRate must be > 0, got " + learningRate);
      }
      if (!(warmupFraction >= 0 && warmupFraction < 1)) {
        throw new MlException("warmupFraction must be in [0, 1), got " + warmupFraction);
      }
      if (!(weightDecay >= 0)) {
        throw new MlException("weightDecay must be >= 0, got " + weightDecay);
      }
      if (!(dropout >= 0 && dropout < 1)) {
        throw new MlException("dropout must be in [0, 1), got " + dropout);
      }
      return new MiniLmFineTuneTrainer(this);
    }
  }
}
