package dev.mle4j.tabular.tuning;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.TabularTask;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeaturePipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Successive halving: {@code budget} random configurations are cross-validated on a small row
 * subset, the best {@code 1/eta} of them go on to a subset {@code eta} times larger, and so on
 * until the survivors are evaluated on all rows. The best configuration of the last rung wins
 * (scores of earlier rungs use fewer rows and are not compared with it). Deterministic for a seed.
 *
 * <p>The budget is the number of starting configurations; the number of trials is larger (about
 * {@code budget * eta / (eta - 1)}). Row subsets are nested prefixes of one seeded shuffle,
 * stratified by class for classification.
 */
public final class SuccessiveHalving implements HyperparameterSearch {

  private final TuningSetup setup;
  private final int eta;
  private final int minRows;

  /**
   * Successive halving with eta 3 and a smallest subset of {@code max(30, 10 * folds)} rows.
   *
   * @param setup the space, learner factory, budget, cross-validation, metric and seed
   */
  public SuccessiveHalving(TuningSetup setup) {
    this(setup, 3, Math.max(30, 10 * setup.cv().k()));
  }

  private SuccessiveHalving(TuningSetup setup, int eta, int minRows) {
    this.setup = Objects.requireNonNull(setup, "setup");
    if (eta < 2) {
      throw new MlException("successive halving needs eta >= 2, got " + eta);
    }
    if (minRows < 2) {
      throw new MlException("successive halving needs minRows >= 2, got " + minRows);
    }
    this.eta = eta;
    this.minRows = minRows;
  }

  /**
   * A copy with another reduction factor.
   *
   * @param eta keep the best 1/eta per rung and grow the rows eta times, at least 2
   * @return the new search
   */
  public SuccessiveHalving withEta(int eta) {
    return new SuccessiveHalving(setup, eta, minRows);
  }

  /**
   * A copy with another smallest subset size.
   *
   * @param rows the rows of the first rung, at least 2 (and enough for the folds)
   * @return the new search
   */
  public SuccessiveHalving withMinRows(int rows) {
    return new SuccessiveHalving(setup, eta, rows);
  }

  @Override
  public TuningResult run(DataFrame x, Target y, FeaturePipeline pipeline) {
    Random random = new Random(setup.seed());
    List<Map<String, Object>> configs = new ArrayList<>();
    for (int i = 0; i < setup.budget(); i++) {
      configs.add(setup.space().sample(random));
    }
    int rungs = 0;
    for (int c = configs.size(); c > 1; c = (c + eta - 1) / eta) {
      rungs++;
    }
    int n = y.size();
    int[] order = order(y, new Random(setup.seed() * 31 + 7));
    List<Trial> trials = new ArrayList<>();
    List<Trial> last = List.of();
    for (int r = 0; r <= rungs && !configs.isEmpty(); r++) {
      int rows =
          r == rungs ? n : (int) Math.min(n, Math.max(minRows, n / Math.pow(eta, rungs - r)));
      int[] subset = Arrays.copyOf(order, rows);
      Arrays.sort(subset);
      DataFrame xs = rows == n ? x : x.rows(subset);
      Target ys = rows == n ? y : y.rows(subset);
      List<Trial> rung = new ArrayList<>();
      for (Map<String, Object> params : configs) {
        rung.add(TrialRunner.run(setup, setup.cv(), trials.size(), params, xs, ys, pipeline, r));
        trials.add(rung.get(rung.size() - 1));
      }
      List<Trial> ok = new ArrayList<>(rung.stream().filter(Trial::ok).toList());
      ok.sort(Comparator.comparingDouble(t -> setup.direction().toLoss(t.score())));
      last = ok;
      int keep = Math.max(1, (ok.size() + eta - 1) / eta);
      configs = new ArrayList<>();
      for (Trial t : ok.subList(0, Math.min(keep, ok.size()))) {
        configs.add(t.params());
      }
    }
    if (last.isEmpty()) {
      Trial firstFailure = trials.stream().filter(t -> !t.ok()).findFirst().orElseThrow();
      throw new MlException(
          "successive halving: every configuration of the last rung failed; first error: "
              + firstFailure.error());
    }
    Trial best = last.get(0);
    return new TuningResult(
        "successive-halving",
        setup.metric(),
        setup.direction(),
        trials,
        best.params(),
        best.score());
  }

  /** A seeded shuffle; for classification, classes are interleaved so prefixes keep shares. */
  private static int[] order(Target y, Random random) {
    int n = y.size();
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    if (y.task() == TabularTask.CLASSIFICATION) {
      int classes = y.labels().size();
      int[] count = new int[classes];
      for (int i = 0; i < n; i++) {
        count[(int) y.value(i)]++;
      }
      int[] seen = new int[classes];
      double[] rank = new double[n];
      for (Integer i : idx) {
        int c = (int) y.value(i);
        rank[i] = (seen[c] + 0.5) / count[c];
        seen[c]++;
      }
      Arrays.sort(idx, Comparator.comparingDouble(i -> rank[i]));
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = idx[i];
    }
    return out;
  }
}
