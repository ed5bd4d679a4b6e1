package dev.mle4j.tabular.tuning;

import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.eval.CrossValidation;
import dev.mle4j.tabular.eval.CvResult;
import dev.mle4j.tabular.features.FeaturePipeline;
import dev.mle4j.tabular.model.TabularLearner;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scores one configuration by cross-validation; failures become failed trials. */
final class TrialRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

  private TrialRunner() {}

  static Trial run(
      TuningSetup setup,
      int number,
      Map<String, Object> params,
      DataFrame x,
      Target y,
      FeaturePipeline pipeline) {
    return run(setup, setup.cv(), number, params, x, y, pipeline, 0);
  }

  static Trial run(
      TuningSetup setup,
      CrossValidation cv,
      int number,
      Map<String, Object> params,
      DataFrame x,
      Target y,
      FeaturePipeline pipeline,
      int rung) {
    long start = System.nanoTime();
    try {
      TabularLearner learner = setup.factory().apply(params);
      CvResult r = cv.run(x, y, pipeline, learner);
      double score = r.mean(setup.metric());
      double secs = (System.nanoTime() - start) / 1e9;
      LOG.info("trial {} {} -> {} = {}", number, params, setup.metric(), score);
      return new Trial(number, params, score, r.std(setup.metric()), secs, null, y.size(), rung);
    } catch (RuntimeException e) {
      double secs = (System.nanoTime() - start) / 1e9;
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("trial {} {} failed: {}", number, params, msg);
      return new Trial(number, params, Double.NaN, Double.NaN, secs, msg, y.size(), rung);
    }
  }
}
