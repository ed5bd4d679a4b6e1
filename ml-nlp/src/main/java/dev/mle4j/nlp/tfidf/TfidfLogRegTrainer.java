package dev.mle4j.nlp.tfidf;

import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a {@link TfidfLogRegClassifier}: fits a {@link TfidfVectorizer} on the training texts,
 * then a multinomial logistic regression (Tribuo {@link LinearSGDTrainer} with the {@link
 * LogMulticlass} loss) on the TF-IDF vectors, one example per step, with AdaGrad on the
 * L2-regularised objective.
 *
 * <p>The penalty {@code l2} is scaled like scikit-learn's {@code 1/C}: the objective is the summed
 * (optionally class-weighted) log loss over the training set plus {@code l2/2 * ||w||^2}, the bias
 * not penalised. Training is deterministic for a given seed and training set order. Instances are
 * immutable and may be reused.
 */
public final class TfidfLogRegTrainer implements TextClassifierTrainer {

  /** The {@link ModelCard#format()} of the models this trainer produces. */
  public static final String FORMAT = "tfidf-logreg/v1";

  /** The {@link ModelCard#task()} of the models this trainer produces. */
  public static final String TASK = "text-classification";

  private static final Logger LOG = LoggerFactory.getLogger(TfidfLogRegTrainer.class);
  private static final double EPSILON = 0.1;
  private static final OffsetDateTime DATA_TIME =
      OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private final TfidfOptions vectorizerOptions;
  private final int epochs;
  private final double l2;
  private final double learningRate;
  private final boolean balanceClasses;
  private final long seed;
  private final String modelName;
  private final String trainerName;

  private TfidfLogRegTrainer(Builder b) {
    this.trainerName = b.trainerName;
    this.vectorizerOptions = Objects.requireNonNull(b.vectorizerOptions, "vectorizerOptions");
    this.epochs = b.epochs;
    this.l2 = b.l2;
    this.learningRate = b.learningRate;
    this.balanceClasses = b.balanceClasses;
    this.seed = b.seed;
    this.modelName = b.modelName;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings as strings, as written into the model card's parameters.
   *
   * @return parameter name to value, in a fixed order
   */
  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>(vectorizerOptions.parameters());
    p.put("epochs", Integer.toString(epochs));
    p.put("l2", Double.toString(l2));
    p.put("learning_rate", Double.toString(learningRate));
    p.put("optimizer", "AdaGrad+L2(epsilon=" + EPSILON + ")");
    p.put("balance_classes", Boolean.toString(balanceClasses));
    p.put("seed", Long.toString(seed));
    return p;
  }

  /**
   * The trainer name given to the builder (default {@code tfidf-logreg}; e.g. {@code bow-logreg}
   * with count weighting).
   *
   * @return the name
   */
  @Override
  public String name() {
    return trainerName;
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
   * Trains on the training rows; this model has no early stopping, so validation rows are unused.
   *
   * @param train training rows
   * @param validation ignored
   * @return the trained classifier
   */
  @Override
  public TfidfLogRegClassifier train(List<LabeledText> train, List<LabeledText> validation) {
    return train(train);
  }

  /**
   * Trains on labelled texts.
   *
   * @param train the training examples (at least two distinct labels)
   * @return the trained classifier; its card has no metrics yet (see {@link
   *     TfidfLogRegClassifier#withCard})
   * @throws MlException if the data is empty, has fewer than two labels, or no usable term
   */
  public TfidfLogRegClassifier train(List<LabeledText> train) {
    if (train == null || train.isEmpty()) {
      throw new MlException("cannot train on an empty training set");
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
    LOG.info(
        "fitted TF-IDF on {} texts: {} terms (ngrams {}-{}, minDf {})",
        texts.size(),
        vectorizer.size(),
        vectorizerOptions.minNgram(),
        vectorizerOptions.maxNgram(),
        vectorizerOptions.minDf());
    try {
      LabelFactory factory = new LabelFactory();
      MutableDataset<Label> dataset =
          new MutableDataset<>(
              new SimpleDataSourceProvenance("mle4j TF-IDF features", DATA_TIME, factory), factory);
      int skipped = 0;
      for (LabeledText t : train) {
        SparseVector v = vectorizer.transform(t.text());
        if (v.size() == 0) {
          skipped++; // no known term: Tribuo rejects feature-less examples
          continue;
        }
        String[] names = new String[v.size()];
        double[] values = new double[v.size()];
        for (int i = 0; i < v.size(); i++) {
          names[i] = vectorizer.term(v.indexAt(i));
          values[i] = v.valueAt(i);
        }
        ArrayExample<Label> example = new ArrayExample<>(new Label(t.label()), names, values);
        if (balanceClasses) {
          example.setWeight(
              (float) (train.size() / (double) (counts.size() * counts.get(t.label()))));
        }
        dataset.add(example);
      }
      if (skipped > 0) {
        LOG.info("{} training texts have no vocabulary term and were left out", skipped);
      }
      TreeSet<String> labels = new TreeSet<>();
      dataset.getOutputInfo().getDomain().forEach(l -> labels.add(l.getLabel()));
      if (labels.size() < 2) {
        throw new MlException(
            "after TF-IDF, the training texts with known terms hold fewer than two labels");
      }
      if (labels.size() < counts.size()) {
        TreeSet<String> lost = new TreeSet<>(counts.keySet());
        lost.removeAll(labels);
        LOG.warn("labels {} have no training text with a vocabulary term; never predicted", lost);
      }
      L2AdaGrad optimiser = new L2AdaGrad(learningRate, EPSILON, l2, documentFrequencies(dataset));
      LinearSGDTrainer trainer =
          new LinearSGDTrainer(new LogMulticlass(), optimiser, epochs, -1, 1, seed);
      @SuppressWarnings("unchecked")
      Model<Label> model = (Model<Label>) trainer.train(dataset);
      LOG.info(
          "trained logistic regression on {} examples, {} epochs in {} ms",
          dataset.size(),
          epochs,
          (System.nanoTime() - start) / 1_000_000);
      ModelCard card =
          new ModelCard(
              modelName,
              "",
              TASK,
              FORMAT,
              List.copyOf(labels),
              Map.of(),
              "",
              parameters(),
              Instant.now());
      return new TfidfLogRegClassifier(vectorizer, model, card);
    } catch (RuntimeException e) {
      vectorizer.close();
      throw e;
    }
  }

  /** Number of examples in which each feature (by Tribuo id) is active. */
  private static int[] documentFrequencies(MutableDataset<Label> dataset) {
    ImmutableFeatureMap ids = dataset.getFeatureIDMap();
    int[] df = new int[ids.size()];
    for (Example<Label> example : dataset) {
      for (Feature f : example) {
        int id = ids.getID(f.getName());
        if (id >= 0) {
          df[id]++;
        }
      }
    }
    return df;
  }

  /** Builds a {@link TfidfLogRegTrainer}. */
  public static final class Builder {
    private TfidfOptions vectorizerOptions = TfidfOptions.defaults();
    private int epochs = 10;
    private double l2 = 0.1;
    private double learningRate = 1.0;
    private boolean balanceClasses;
    private long seed = 42L;
    private String modelName = "tfidf-logreg";
    private String trainerName = "tfidf-logreg";

    private Builder() {}

    /**
     * The trainer's {@link TfidfLogRegTrainer#name()}, the row name in comparisons (default {@code
     * tfidf-logreg}).
     *
     * @param value the name, not blank
     * @return this builder
     */
    public Builder trainerName(String value) {
      this.trainerName = value;
      return this;
    }

    /**
     * TF-IDF settings (default {@link TfidfOptions#defaults()}).
     *
     * @param value the options
     * @return this builder
     */
    public Builder vectorizer(TfidfOptions value) {
      this.vectorizerOptions = value;
      return this;
    }

    /**
     * Passes over the training data (default 10).
     *
     * @param value epochs, at least 1
     * @return this builder
     */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /**
     * L2 penalty on the summed loss, like scikit-learn's {@code 1/C} (default 0.1, i.e. C = 10).
     *
     * @param value the penalty, {@code >= 0}
     * @return this builder
     */
    public Builder l2(double value) {
      this.l2 = value;
      return this;
    }

    /**
     * AdaGrad's initial learning rate (default 1.0).
     *
     * @param value the rate, {@code > 0}
     * @return this builder
     */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /**
     * Weights examples inversely to their label's frequency, like scikit-learn's {@code
     * class_weight='balanced'} (default false).
     *
     * @param value whether to balance
     * @return this builder
     */
    public Builder balanceClasses(boolean value) {
      this.balanceClasses = value;
      return this;
    }

    /**
     * Seed of the example shuffling (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * The model name written into the card (default {@code tfidf-logreg}).
     *
     * @param value the name, not blank
     * @return this builder
     */
    public Builder modelName(String value) {
      this.modelName = value;
      return this;
    }

    /**
     * Builds and validates the trainer.
     *
     * @return the trainer
     * @throws MlException if a value is out of range
     */
    public TfidfLogRegTrainer build() {
      if (vectorizerOptions == null) {
        throw new MlException("vectorizer options are null");
      }
      if (epochs < 1) {
        throw new MlException("epochs must be at least 1, got " + epochs);
      }
      if (!(l2 >= 0) || Double.isInfinite(l2)) {
        throw new MlException("l2 must be a finite number >= 0, got " + l2);
      }
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new MlException("learningRate must be a finite number > 0, got " + learningRate);
      }
      if (modelName == null || modelName.isBlank()) {
        throw new MlException("modelName is empty");
      }
      if (trainerName == null || trainerName.isBlank()) {
        throw new MlException("trainerName is empty");
      }
      return new TfidfLogRegTrainer(this);
    }
  }
}
