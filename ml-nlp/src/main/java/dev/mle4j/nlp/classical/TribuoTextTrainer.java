package dev.mle4j.nlp.classical;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.tfidf.SparseVector;
import dev.mle4j.nlp.tfidf.TfidfOptions;
import dev.mle4j.nlp.tfidf.TfidfVectorizer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.mnb.MultinomialNaiveBayesTrainer;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a {@link TribuoTextClassifier}: fits a {@link TfidfVectorizer} on the training texts, then
 * a Tribuo classification trainer on the vectors. The factories {@link #naiveBayes} and {@link
 * #xgboost} configure the two families used in comparisons; {@link #builder()} takes any Tribuo
 * trainer. A fresh Tribuo trainer is made for every {@link #train} call, so training is
 * deterministic for a given seed and data. Instances are immutable and may be reused.
 */
public final class TribuoTextTrainer implements TextClassifierTrainer {

  /** The {@link ModelCard#task()} of the models this trainer produces. */
  public static final String TASK = "text-classification";

  private static final Logger LOG = LoggerFactory.getLogger(TribuoTextTrainer.class);
  private static final OffsetDateTime DATA_TIME =
      OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private final String name;
  private final TfidfOptions vectorizerOptions;
  private final Supplier<Trainer<Label>> tribuoTrainer;
  private final Map<String, String> orderedModelParameters;

  private TribuoTextTrainer(Builder b) {
    this.name = b.name;
    this.vectorizerOptions = b.vectorizerOptions;
    this.tribuoTrainer = b.tribuoTrainer;
    this.orderedModelParameters = new LinkedHashMap<>(b.modelParameters);
  }

  /**
   * Multinomial naive Bayes (Tribuo {@link MultinomialNaiveBayesTrainer}) on the given features.
   *
   * @param name the model name, e.g. {@code tfidf-nb}
   * @param options the features (non-negative values, as every {@link TfidfOptions} gives)
   * @param alpha additive (Laplace/Lidstone) smoothing, {@code > 0}
   * @return the trainer
   * @throws MlException if {@code alpha} is not a positive finite number
   */
  public static TribuoTextTrainer naiveBayes(String name, TfidfOptions options, double alpha) {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new MlException("naive Bayes alpha must be a finite number > 0, got " + alpha);
    }
    return builder()
        .name(name)
        .vectorizer(options)
        .tribuoTrainer(() -> new MultinomialNaiveBayesTrainer(alpha))
        .modelParameter("classifier", "multinomial-naive-bayes")
        .modelParameter("alpha", Double.toString(alpha))
        .build();
  }

  /**
   * Gradient-boosted trees (Tribuo {@link XGBoostClassificationTrainer}, native XGBoost, histogram
   * tree method) on the given features.
   *
   * @param name the model name, e.g. {@code tfidf-xgboost}
   * @param options the features
   * @param rounds boosting rounds (trees per class), at least 1
   * @param maxDepth maximum tree depth, at least 1
   * @param eta learning rate in (0, 1]
   * @param featureSubsample fraction of features each tree may use, in (0, 1]
   * @param threads XGBoost threads, at least 1
   * @param seed random seed
   * @return the trainer
   * @throws MlException if a value is out of range
   */
  public static TribuoTextTrainer xgboost(
      String name,
      TfidfOptions options,
      int rounds,
      int maxDepth,
      double eta,
      double featureSubsample,
      int threads,
      long seed) {
    if (rounds < 1) {
      throw new MlException("XGBoost rounds must be at least 1, got " + rounds);
    }
    if (maxDepth < 1) {
      throw new MlException("XGBoost maxDepth must be at least 1, got " + maxDepth);
    }
    if (!(eta > 0 && eta <= 1)) {
      throw new MlException("XGBoost eta must be in (0, 1], got " + eta);
    }
    if (!(featureSubsample > 0 && featureSubsample <= 1)) {
      throw new MlException("XGBoost featureSubsample must be in (0, 1], got " + featureSubsample);
    }
    if (threads < 1) {
      throw new MlException("XGBoost threads must be at least 1, got " + threads);
    }
    return builder()
        .name(name)
        .vectorizer(options)
        .tribuoTrainer(
            () ->
                new XGBoostClassificationTrainer(
                    XGBoostTrainer.BoosterType.GBTREE,
                    XGBoostTrainer.TreeMethod.HIST,
                    rounds,
                    eta,
                    0.0,
                    maxDepth,
                    1.0,
                    1.0,
                    featureSubsample,
                    1.0,
                    0.0,
                    threads,
                    XGBoostTrainer.LoggingVerbosity.SILENT,
                    seed))
        .modelParameter("classifier", "xgboost")
        .modelParameter("tree_method", "hist")
        .modelParameter("rounds", Integer.toString(rounds))
        .modelParameter("max_depth", Integer.toString(maxDepth))
        .modelParameter("eta", Double.toString(eta))
        .modelParameter("feature_subsample", Double.toString(featureSubsample))
        .modelParameter("threads", Integer.toString(threads))
        .modelParameter("seed", Long.toString(seed))
        .build();
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The vectorizer settings.
   *
   * @return the options
   */
  public TfidfOptions vectorizerOptions() {
    return vectorizerOptions;
  }

  /**
   * The feature settings followed by the model settings, as written into the model card.
   *
   * @return parameter name to value, in a fixed order
   */
  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>(vectorizerOptions.parameters());
    p.putAll(orderedModelParameters);
    return p;
  }

  /**
   * Trains on the training rows; validation rows are not used.
   *
   * @param train training rows (at least two labels)
   * @param validation ignored
   * @return the classifier
   * @throws MlException if the data is empty, has fewer than two labels, or no usable term
   */
  @Override
  public TribuoTextClassifier train(List<LabeledText> train, List<LabeledText> validation) {
    if (train == null || train.isEmpty()) {
      throw new MlException("cannot train " + name + " on an empty training set");
    }
    List<String> texts = new ArrayList<>(train.size());
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < train.size(); i++) {
      LabeledText t = train.get(i);
      if (t == null) {
        throw new MlException("training example at index " + i + " is null");
      }
      texts.add(t.text());
      counts.merge(t.label(), 1, Integer::sum);
    }
    if (counts.size() < 2) {
      throw new MlException(
          "need at least two labels to train a classifier, found " + counts.keySet());
    }
    long start = System.nanoTime();
    TfidfVectorizer vectorizer = TfidfVectorizer.fit(texts, vectorizerOptions);
    try {
      LabelFactory factory = new LabelFactory();
      MutableDataset<Label> dataset =
          new MutableDataset<>(
              new SimpleDataSourceProvenance("mle4j text features", DATA_TIME, factory), factory);
      int skipped = 0;
      for (LabeledText t : train) {
        SparseVector v = vectorizer.transform(t.text());
        if (v.size() == 0) {
          skipped++; // Tribuo rejects feature-less examples
          continue;
        }
        dataset.add(TribuoTextClassifier.toExample(vectorizer, v, new Label(t.label())));
      }
      if (skipped > 0) {
        LOG.info("{} training texts have no vocabulary term and were left out", skipped);
      }
      TreeSet<String> labels = new TreeSet<>();
      dataset.getOutputInfo().getDomain().forEach(l -> labels.add(l.getLabel()));
      if (labels.size() < 2) {
        throw new MlException(
            "after vectorizing, the training texts with known terms hold fewer than two labels");
      }
      if (labels.size() < counts.size()) {
        TreeSet<String> lost = new TreeSet<>(counts.keySet());
        lost.removeAll(labels);
        LOG.warn("labels {} have no training text with a vocabulary term; never predicted", lost);
      }
      Model<Label> model = tribuoTrainer.get().train(dataset);
      Map<String, Double> priors = new LinkedHashMap<>();
      int kept = 0;
      for (String label : labels) {
        kept += counts.get(label);
      }
      for (String label : labels) {
        priors.put(label, counts.get(label) / (double) kept);
      }
      LOG.info(
          "trained {} on {} examples, {} terms, in {} ms",
          name,
          dataset.size(),
          vectorizer.size(),
          (System.nanoTime() - start) / 1_000_000);
      ModelCard card =
          new ModelCard(
              name,
              "",
              TASK,
              TribuoTextClassifier.FORMAT,
              List.copyOf(labels),
              Map.of(),
              "",
              parameters(),
              Instant.now());
      return new TribuoTextClassifier(vectorizer, model, priors, card);
    } catch (RuntimeException e) {
      vectorizer.close();
      throw e;
    }
  }

  /** Builds a {@link TribuoTextTrainer}. */
  public static final class Builder {
    private String name;
    private TfidfOptions vectorizerOptions = TfidfOptions.defaults();
    private Supplier<Trainer<Label>> tribuoTrainer;
    private final Map<String, String> modelParameters = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The model name (required), e.g. {@code tfidf-nb}; also the card's name.
     *
     * @param value the name
     * @return this builder
     */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * Feature settings (default {@link TfidfOptions#defaults()}).
     *
     * @param value the options
     * @return this builder
     */
    public Builder vectorizer(TfidfOptions value) {
      this.vectorizerOptions = value;
      return this;
    }

    /**
     * Makes the Tribuo trainer (required); called once per training run.
     *
     * @param value the factory
     * @return this builder
     */
    public Builder tribuoTrainer(Supplier<Trainer<Label>> value) {
      this.tribuoTrainer = value;
      return this;
    }

    /**
     * Adds a model setting to report in {@link TribuoTextTrainer#parameters()}.
     *
     * @param key the name
     * @param value the value
     * @return this builder
     */
    public Builder modelParameter(String key, String value) {
      modelParameters.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
      return this;
    }

    /**
     * Builds and validates the trainer.
     *
     * @return the trainer
     * @throws MlException if the name, options or Tribuo trainer is missing
     */
    public TribuoTextTrainer build() {
      if (name == null || name.isBlank()) {
        throw new MlException("trainer name is empty");
      }
      if (vectorizerOptions == null) {
        throw new MlException("vectorizer options are null");
      }
      if (tribuoTrainer == null) {
        throw new MlException("no Tribuo trainer given for " + name);
      }
      return new TribuoTextTrainer(this);
    }
  }
}
