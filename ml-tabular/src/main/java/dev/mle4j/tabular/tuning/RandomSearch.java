package dev.mle4j.tabular.tuning;

import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeaturePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Random search: every trial draws each parameter independently from its range ({@link
 * dev.mle4j.tabular.model.ParamSpace#sample}); deterministic for a seed.
 */
public final class RandomSearch implements HyperparameterSearch {

  private final TuningSetup setup;

  /**
   * A random search.
   *
   * @param setup the space, learner factory, budget, cross-validation, metric and seed
   */
  public RandomSearch(TuningSetup setup) {
    this.setup = Objects.requireNonNull(setup, "setup");
  }

  @Override
  public TuningResult run(DataFrame x, Target y, FeaturePipeline pipeline) {
    Random random = new Random(setup.seed());
    List<Trial> trials = new ArrayList<>();
    for (int t = 0; t < setup.budget(); t++) {
      trials.add(TrialRunner.run(setup, t, setup.space().sample(random), x, y, pipeline));
    }
    return TuningResult.of("random", setup.metric(), setup.direction(), trials);
  }
}
