package dev.mle4j.vision.train;

import dev.mle4j.core.MlException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every hyper-parameter of a training run. Build with {@link #builder()} or read from a config
 * file's key/value pairs with {@link #fromMap(TrainingOptions, Map)} (snake_case keys as written by
 * {@link #toMap()}).
 *
 * @param strategy scratch, freeze or fine-tune
 * @param epochs maximum number of epochs
 * @param batchSize training batch size
 * @param optimizer AdamW or SGD with momentum
 * @param learningRate the head's (and a scratch network's) base learning rate
 * @param backboneLearningRateFactor backbone rate = factor x head rate when fine-tuning
 * @param unfreezeStages number of top backbone stages trained when fine-tuning (0 = all)
 * @param momentum SGD momentum
 * @param weightDecay weight decay
 * @param schedule learning-rate schedule
 * @param patience early stopping: epochs without validation improvement before stopping (0 = off)
 * @param classBalance how class imbalance is handled
 * @param dropout dropout before the classifier (and between stages of the scratch CNN)
 * @param seed seed of initialisation, shuffling and augmentation
 * @param workers threads that decode and augment images ahead of the training loop
 */
public record TrainingOptions(
    Strategy strategy,
    int epochs,
    int batchSize,
    OptimizerKind optimizer,
    float learningRate,
    float backboneLearningRateFactor,
    int unfreezeStages,
    float momentum,
    float weightDecay,
    ScheduleKind schedule,
    int patience,
    ClassBalance classBalance,
    float dropout,
    long seed,
    int workers) {

  /** Validates the values. */
  public TrainingOptions {
    require(strategy != null, "strategy is required");
    require(epochs >= 1, "epochs must be >= 1, got " + epochs);
    require(batchSize >= 1 && batchSize <= 4096, "batch_size must be 1-4096, got " + batchSize);
    require(optimizer != null, "optimizer is required");
    require(learningRate > 0 && learningRate < 10, "learning_rate must be in (0, 10)");
    require(
        backboneLearningRateFactor > 0 && backboneLearningRateFactor <= 1,
        "backbone_lr_factor must be in (0, 1]");
    require(unfreezeStages >= 0, "unfreeze_stages must be >= 0");
    require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1)");
    require(weightDecay >= 0 && weightDecay < 1, "weight_decay must be in [0, 1)");
    require(schedule != null, "schedule is required");
    require(patience >= 0, "patience must be >= 0");
    require(classBalance != null, "class_balance is required");
    require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
    require(workers >= 1 && workers <= 64, "workers must be 1-64");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new MlException("invalid training option: " + message);
    }
  }

  /**
   * A builder with defaults for a from-scratch CNN.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.strategy = strategy;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.optimizer = optimizer;
    b.learningRate = learningRate;
    b.backboneLearningRateFactor = backboneLearningRateFactor;
    b.unfreezeStages = unfreezeStages;
    b.momentum = momentum;
    b.weightDecay = weightDecay;
    b.schedule = schedule;
    b.patience = patience;
    b.classBalance = classBalance;
    b.dropout = dropout;
    b.seed = seed;
    b.workers = workers;
    return b;
  }

  /**
   * The options as snake_case key/value strings (for model cards and config files).
   *
   * @return an ordered map
   */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("strategy", lower(strategy));
    m.put("epochs", Integer.toString(epochs));
    m.put("batch_size", Integer.toString(batchSize));
    m.put("optimizer", lower(optimizer));
    m.put("learning_rate", Float.toString(learningRate));
    m.put("backbone_lr_factor", Float.toString(backboneLearningRateFactor));
    m.put("unfreeze_stages", Integer.toString(unfreezeStages));
    m.put("momentum", Float.toString(momentum));
    m.put("weight_decay", Float.toString(weightDecay));
    m.put("schedule", lower(schedule));
    m.put("patience", Integer.toString(patience));
    m.put("class_balance", lower(classBalance));
    m.put("dropout", Float.toString(dropout));
    m.put("seed", Long.toString(seed));
    m.put("workers", Integer.toString(workers));
    return m;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Overrides the values of {@code base} with the entries of a config map (keys of {@link
   * #toMap()}; values strings or numbers). Unknown keys are an error.
   *
   * @param base the starting values
   * @param values the overrides
   * @return the options
   * @throws MlException naming the first unknown key or bad value
   */
  public static TrainingOptions fromMap(TrainingOptions base, Map<String, ?> values) {
    Builder b = base.toBuilder();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String key = e.getKey();
      String v = String.valueOf(e.getValue()).trim();
      try {
        switch (key) {
          case "strategy" -> b.strategy(parse(Strategy.class, v, key));
          case "epochs" -> b.epochs(Integer.parseInt(v));
          case "batch_size" -> b.batchSize(Integer.parseInt(v));
          case "optimizer" -> b.optimizer(parse(OptimizerKind.class, v, key));
          case "learning_rate" -> b.learningRate(Float.parseFloat(v));
          case "backbone_lr_factor" -> b.backboneLearningRateFactor(Float.parseFloat(v));
          case "unfreeze_stages" -> b.unfreezeStages(Integer.parseInt(v));
          case "momentum" -> b.momentum(Float.parseFloat(v));
          case "weight_decay" -> b.weightDecay(Float.parseFloat(v));
          case "schedule" -> b.schedule(parse(ScheduleKind.class, v, key));
          case "patience" -> b.patience(Integer.parseInt(v));
          case "class_balance" -> b.classBalance(parse(ClassBalance.class, v, key));
          case "dropout" -> b.dropout(Float.parseFloat(v));
          case "seed" -> b.seed(Long.parseLong(v));
          case "workers" -> b.workers(Integer.parseInt(v));
          default ->
              throw new MlException(
                  "unknown training option '" + key + "'; known: " + base.toMap().keySet());
        }
      } catch (NumberFormatException ex) {
        throw new MlException("training option '" + key + "' is not a number: '" + v + "'");
      }
    }
    return b.build();
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String key) {
    String norm = value.toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(norm)) {
        return e;
      }
    }
    StringBuilder known = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      known.append(known.isEmpty() ? "" : ", ").append(lower(e));
    }
    throw new MlException(
        "training option '" + key + "' must be one of " + known + ", got '" + value + "'");
  }

  /** Builder of {@link TrainingOptions}. */
  public static final class Builder {
    private Strategy strategy = Strategy.SCRATCH;
    private int epochs = 10;
    private int batchSize = 64;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private float learningRate = 1e-3f;
    private float backboneLearningRateFactor = 0.1f;
    private int unfreezeStages = 3;
    private float momentum = 0.9f;
    private float weightDecay = 1e-4f;
    private ScheduleKind schedule = ScheduleKind.COSINE;
    private int patience = 5;
    private ClassBalance classBalance = ClassBalance.NONE;
    private float dropout = 0.2f;
    private long seed = 42;
    private int workers = 2;

    private Builder() {}

    /**
     * Sets the strategy.
     *
     * @param value the strategy
     * @return this builder
     */
    public Builder strategy(Strategy value) {
      this.strategy = value;
      return this;
    }

    /**
     * Sets the maximum number of epochs.
     *
     * @param value epochs
     * @return this builder
     */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /**
     * Sets the batch size.
     *
     * @param value batch size
     * @return this builder
     */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /**
     * Sets the optimiser.
     *
     * @param value the optimiser
     * @return this builder
     */
    public Builder optimizer(OptimizerKind value) {
      this.optimizer = value;
      return this;
    }

    /**
     * Sets the base learning rate.
     *
     * @param value the rate
     * @return this builder
     */
    public Builder learningRate(float value) {
      this.learningRate = value;
      return this;
    }

    /**
     * Sets the backbone's learning-rate factor when fine-tuning.
     *
     * @param value factor in (0, 1]
     * @return this builder
     */
    public Builder backboneLearningRateFactor(float value) {
      this.backboneLearningRateFactor = value;
      return this;
    }

    /**
     * Sets how many top backbone stages train when fine-tuning (0 = all).
     *
     * @param value stage count
     * @return this builder
     */
    public Builder unfreezeStages(int value) {
      this.unfreezeStages = value;
      return this;
    }

    /**
     * Sets the SGD momentum.
     *
     * @param value momentum
     * @return this builder
     */
    public Builder momentum(float value) {
      this.momentum = value;
      return this;
    }

    /**
     * Sets the weight decay.
     *
     * @param value decay
     * @return this builder
     */
    public Builder weightDecay(float value) {
      this.weightDecay = value;
      return this;
    }

    /**
     * Sets the learning-rate schedule.
     *
     * @param value the schedule
     * @return this builder
     */
    public Builder schedule(ScheduleKind value) {
      this.schedule = value;
      return this;
    }

    /**
     * Sets the early-stopping patience (0 = off).
     *
     * @param value epochs
     * @return this builder
     */
    public Builder patience(int value) {
      this.patience = value;
      return this;
    }

    /**
     * Sets the class-imbalance handling.
     *
     * @param value the mode
     * @return this builder
     */
    public Builder classBalance(ClassBalance value) {
      this.classBalance = value;
      return this;
    }

    /**
     * Sets the dropout rate.
     *
     * @param value rate in [0, 1)
     * @return this builder
     */
    public Builder dropout(float value) {
      this.dropout = value;
      return this;
    }

    /**
     * Sets the seed.
     *
     * @param value seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Sets the number of image-preparation threads.
     *
     * @param value threads
     * @return this builder
     */
    public Builder workers(int value) {
      this.workers = value;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public TrainingOptions build() {
      return new TrainingOptions(
          strategy,
          epochs,
          batchSize,
          optimizer,
          learningRate,
          backboneLearningRateFactor,
          unfreezeStages,
          momentum,
          weightDecay,
          schedule,
          patience,
          classBalance,
          dropout,
          seed,
          workers);
    }
  }
}
