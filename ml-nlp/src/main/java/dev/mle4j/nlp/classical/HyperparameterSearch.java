package dev.mle4j.nlp.classical;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.core.data.StratifiedKFold;
import dev.mle4j.core.metrics.ClassificationMetrics;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grid or seeded random search over a {@link ParameterSpace}, scoring each combination by macro F1
 * with stratified k-fold cross-validation ({@link StratifiedKFold}) on the rows passed to {@link
 * #run}: pass the training rows only, never the validation or test rows. Every combination is
 * scored on the same folds. Each fold's model is trained by a trainer made by the factory from the
 * combination, then closed.
 *
 * <p>Instances are immutable; {@link #run} may be called again (it is deterministic when the
 * trainers are).
 */
public final class HyperparameterSearch {
  private static final Logger LOG = LoggerFactory.getLogger(HyperparameterSearch.class);

  private final String model;
  private final Function<Map<String, String>, ? extends TextClassifierTrainer> factory;
  private final ParameterSpace space;
  private final SearchMode mode;
  private final int trials;
  private final int folds;
  private final long seed;

  private HyperparameterSearch(Builder b) {
    this.model = b.model;
    this.factory = b.factory;
    this.space = b.space;
    this.mode = b.mode;
    this.trials = b.trials;
    this.folds = b.folds;
    this.seed = b.seed;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The combinations this search tries, in trial order.
   *
   * @return the combinations
   */
  public List<Map<String, String>> combinations() {
    return mode == SearchMode.GRID ? space.grid() : space.sample(trials, seed);
  }

  /**
   * Runs the search.
   *
   * @param train the training rows (the folds are made from these alone)
   * @return the ranked trials
   * @throws MlException if there are too few rows of a label for the folds, or a trainer fails (the
   *     message names the combination)
   */
  public SearchResult run(List<LabeledText> train) {
    if (train == null || train.isEmpty()) {
      throw new MlException("cannot search hyper-parameters on an empty training set");
    }
    List<String> labels = new ArrayList<>(train.size());
    for (int i = 0; i < train.size(); i++) {
      if (train.get(i) == null) {
        throw new MlException("training example at index " + i + " is null");
      }
      labels.add(train.get(i).label());
    }
    List<String> labelSet = List.copyOf(new TreeSet<>(labels));
    if (labelSet.size() < 2) {
      throw new MlException("need at least two labels to search, found " + labelSet);
    }
    List<Fold> foldList = StratifiedKFold.split(labels, folds, seed);
    List<Map<String, String>> combos = combinations();
    LOG.info(
        "{} search for {}: {} combinations x {} folds on {} rows",
        mode,
        model,
        combos.size(),
        folds,
        train.size());
    List<SearchTrial> results = new ArrayList<>(combos.size());
    for (Map<String, String> params : combos) {
      results.add(evaluate(params, train, foldList, labelSet));
    }
    List<SearchTrial> ranked = new ArrayList<>(results);
    ranked.sort(
        Comparator.comparingDouble(SearchTrial::meanMacroF1)
            .reversed()
            .thenComparingDouble(SearchTrial::stdMacroF1)
            .thenComparingInt(results::indexOf));
    List<SearchTrial> out = new ArrayList<>(ranked.size());
    for (int i = 0; i < ranked.size(); i++) {
      out.add(ranked.get(i).withRank(i + 1));
    }
    SearchResult result = new SearchResult(model, mode, folds, seed, train.size(), out);
    LOG.info(
        "best {} parameters {}: macro F1 {} +- {}",
        model,
        result.best().parameters(),
        result.best().meanMacroF1(),
        result.best().stdMacroF1());
    return result;
  }

  private SearchTrial evaluate(
      Map<String, String> params,
      List<LabeledText> rows,
      List<Fold> foldList,
      List<String> labelSet) {
    TextClassifierTrainer trainer;
    try {
      trainer = factory.apply(params);
    } catch (RuntimeException e) {
      throw new MlException(
          "cannot create a " + model + " trainer with " + params + ": " + e.getMessage(), e);
    }
    List<Double> scores = new ArrayList<>(foldList.size());
    double fitSeconds = 0;
    for (Fold fold : foldList) {
      List<LabeledText> foldTrain = new ArrayList<>(fold.train().length);
      for (int i : fold.train()) {
        foldTrain.add(rows.get(i));
      }
      List<String> texts = new ArrayList<>(fold.test().length);
      List<String> truth = new ArrayList<>(fold.test().length);
      for (int i : fold.test()) {
        texts.add(rows.get(i).text());
        truth.add(rows.get(i).label());
      }
      long start = System.nanoTime();
      List<String> predicted = new ArrayList<>(texts.size());
      try (SavableTextClassifier classifier = trainer.train(foldTrain, List.of())) {
        fitSeconds += (System.nanoTime() - start) / 1e9;
        for (Classification c : classifier.classifyAll(texts)) {
          predicted.add(c.label());
        }
      } catch (RuntimeException e) {
        throw new MlException(
            "training " + model + " with " + params + " failed: " + e.getMessage(), e);
      }
      scores.add(ClassificationMetrics.evaluate(truth, predicted, labelSet).macroF1());
    }
    double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double variance = 0;
    for (double s : scores) {
      variance += (s - mean) * (s - mean);
    }
    double std = Math.sqrt(variance / scores.size());
    LOG.info("{} {}: macro F1 {} +- {}", model, params, mean, std);
    return new SearchTrial(1, params, mean, std, scores, fitSeconds / foldList.size());
  }

  /** Builds a {@link HyperparameterSearch}. */
  public static final class Builder {
    private String model = "model";
    private Function<Map<String, String>, ? extends TextClassifierTrainer> factory;
    private ParameterSpace space;
    private SearchMode mode = SearchMode.GRID;
    private int trials = 10;
    private int folds = 5;
    private long seed = 42L;

    private Builder() {}

    /**
     * The model name for logs and the result (default {@code model}).
     *
     * @param value the name
     * @return this builder
     */
    public Builder model(String value) {
      this.model = value;
      return this;
    }

    /**
     * Makes a trainer from one combination of parameter values (required).
     *
     * @param value the factory
     * @return this builder
     */
    public Builder trainerFactory(
        Function<Map<String, String>, ? extends TextClassifierTrainer> value) {
      this.factory = value;
      return this;
    }

    /**
     * The space to search (required).
     *
     * @param value the space
     * @return this builder
     */
    public Builder space(ParameterSpace value) {
      this.space = value;
      return this;
    }

    /**
     * Grid or random (default grid).
     *
     * @param value the mode
     * @return this builder
     */
    public Builder mode(SearchMode value) {
      this.mode = value;
      return this;
    }

    /**
     * Number of combinations a random search draws (default 10; ignored by a grid search).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder trials(int value) {
      this.trials = value;
      return this;
    }

    /**
     * Number of stratified folds (default 5).
     *
     * @param value at least 2
     * @return this builder
     */
    public Builder folds(int value) {
      this.folds = value;
      return this;
    }

    /**
     * Seed of the fold assignment and of the random draws (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Builds and validates the search.
     *
     * @return the search
     * @throws MlException if a required setting is missing or a value is out of range
     */
    public HyperparameterSearch build() {
      if (model == null || model.isBlank()) {
        throw new MlException("model name is empty");
      }
      if (factory == null) {
        throw new MlException("no trainer factory given for the " + model + " search");
      }
      if (space == null) {
        throw new MlException("no parameter space given for the " + model + " search");
      }
      Objects.requireNonNull(mode, "mode");
      if (trials < 1) {
        throw new MlException("a random search needs at least 1 trial, got " + trials);
      }
      if (folds < 2) {
        throw new MlException("cross-validation needs at least 2 folds, got " + folds);
      }
      return new HyperparameterSearch(this);
    }
  }
}
