package dev.mle4j.tabular.tuning;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.FeaturePipeline;
import dev.mle4j.tabular.model.ParamSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Tree-structured Parzen estimator search (Bergstra et al., 2011), deterministic for a seed.
 *
 * <p>The first {@link #startupTrials()} trials are random. After that, the successful trials are
 * split into "good" (the best {@code gamma} fraction by score, at least one) and "bad"; each
 * parameter is modelled independently by a density l(x) over the good values and g(x) over the bad
 * ones. Numeric parameters use Parzen windows (a Gaussian kernel per observation, bandwidth from
 * the distance to its neighbours, plus a wide prior kernel), in log space for log ranges and with
 * rounding for integer ranges; choices use smoothed counts (+1 per choice). {@link #candidates()}
 * candidates are drawn from l and the one maximising l(x)/g(x) (summed log-ratio over parameters)
 * is evaluated next.
 */
public final class TpeSearch implements HyperparameterSearch {

  private final TuningSetup setup;
  private final int startup;
  private final double gamma;
  private final int candidates;

  /**
   * A TPE search with 10 start-up trials (at most the budget), gamma 0.25 and 24 candidates.
   *
   * @param setup the space, learner factory, budget, cross-validation, metric and seed
   */
  public TpeSearch(TuningSetup setup) {
    this(setup, 10, 0.25, 24);
  }

  private TpeSearch(TuningSetup setup, int startup, double gamma, int candidates) {
    this.setup = Objects.requireNonNull(setup, "setup");
    if (startup < 1) {
      throw new MlException("TPE needs at least 1 start-up trial, got " + startup);
    }
    if (!(gamma > 0 && gamma < 1)) {
      throw new MlException("TPE gamma must be in (0, 1), got " + gamma);
    }
    if (candidates < 1) {
      throw new MlException("TPE needs at least 1 candidate per trial, got " + candidates);
    }
    this.startup = startup;
    this.gamma = gamma;
    this.candidates = candidates;
  }

  /**
   * A copy with another number of random start-up trials.
   *
   * @param n the number, at least 1
   * @return the new search
   */
  public TpeSearch withStartupTrials(int n) {
    return new TpeSearch(setup, n, gamma, candidates);
  }

  /**
   * A copy with another good fraction.
   *
   * @param g the fraction of trials counted as good, in (0, 1)
   * @return the new search
   */
  public TpeSearch withGamma(double g) {
    return new TpeSearch(setup, startup, g, candidates);
  }

  /**
   * A copy with another number of candidates per trial.
   *
   * @param n the number, at least 1
   * @return the new search
   */
  public TpeSearch withCandidates(int n) {
    return new TpeSearch(setup, startup, gamma, n);
  }

  /**
   * The number of random start-up trials.
   *
   * @return the number
   */
  public int startupTrials() {
    return startup;
  }

  /**
   * The fraction of trials counted as good.
   *
   * @return gamma
   */
  public double gamma() {
    return gamma;
  }

  /**
   * The number of candidates drawn per trial.
   *
   * @return the number
   */
  public int candidates() {
    return candidates;
  }

  @Override
  public TuningResult run(DataFrame x, Target y, FeaturePipeline pipeline) {
    Random random = new Random(setup.seed());
    List<Trial> trials = new ArrayList<>();
    for (int t = 0; t < setup.budget(); t++) {
      Map<String, Object> params;
      List<Trial> done = trials.stream().filter(Trial::ok).toList();
      if (t < startup || done.size() < 2) {
        params = setup.space().sample(random);
      } else {
        params = propose(done, random);
      }
      trials.add(TrialRunner.run(setup, t, params, x, y, pipeline));
    }
    return TuningResult.of("tpe", setup.metric(), setup.direction(), trials);
  }

  /**
   * Proposes the next configuration from the finished trials.
   *
   * @param done successful trials (at least 2)
   * @param random the random source
   * @return the configuration
   */
  Map<String, Object> propose(List<Trial> done, Random random) {
    List<Trial> sorted = new ArrayList<>(done);
    sorted.sort(Comparator.comparingDouble(t -> setup.direction().toLoss(t.score())));
    int nGood = Math.max(1, (int) Math.ceil(gamma * sorted.size()));
    nGood = Math.min(nGood, sorted.size() - 1);
    List<Trial> good = sorted.subList(0, nGood);
    List<Trial> bad = sorted.subList(nGood, sorted.size());
    Map<String, ParamSpace.Param> params = setup.space().params();
    List<Estimator> goodModels = new ArrayList<>();
    List<Estimator> badModels = new ArrayList<>();
    for (Map.Entry<String, ParamSpace.Param> e : params.entrySet()) {
      goodModels.add(estimator(e.getKey(), e.getValue(), good));
      badModels.add(estimator(e.getKey(), e.getValue(), bad));
    }
    Map<String, Object> best = null;
    double bestRatio = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < candidates; c++) {
      Map<String, Object> candidate = new LinkedHashMap<>();
      double ratio = 0;
      int j = 0;
      for (String name : params.keySet()) {
        Estimator l = goodModels.get(j);
        Estimator g = badModels.get(j);
        double internal = l.sample(random);
        ratio += Math.log(l.density(internal)) - Math.log(g.density(internal));
        candidate.put(name, l.toValue(internal));
        j++;
      }
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = candidate;
      }
    }
    return best;
  }

  private static Estimator estimator(String name, ParamSpace.Param param, List<Trial> trials) {
    if (param instanceof ParamSpace.DoubleRange r) {
      double lo = r.log() ? Math.log(r.min()) : r.min();
      double hi = r.log() ? Math.log(r.max()) : r.max();
      double[] obs = new double[trials.size()];
      for (int i = 0; i < obs.length; i++) {
        double v = number(name, trials.get(i));
        obs[i] = r.log() ? Math.log(v) : v;
      }
      return new Parzen(obs, lo, hi, r.log(), false, r.min(), r.max());
    }
    if (param instanceof ParamSpace.IntRange r) {
      double[] obs = new double[trials.size()];
      for (int i = 0; i < obs.length; i++) {
        obs[i] = number(name, trials.get(i));
      }
      return new Parzen(obs, r.min() - 0.5, r.max() + 0.5, false, true, r.min(), r.max());
    }
    ParamSpace.Choice c = (ParamSpace.Choice) param;
    double[] weights = new double[c.values().size()];
    Arrays.fill(weights, 1.0);
    for (Trial t : trials) {
      int idx = c.values().indexOf(t.params().get(name));
      if (idx >= 0) {
        weights[idx] += 1.0;
      }
    }
    return new Categorical(c.values(), weights);
  }

  private static double number(String name, Trial t) {
    Object v = t.params().get(name);
    if (!(v instanceof Number n)) {
      throw new MlException("trial " + t.number() + ": parameter '" + name + "' is not a number");
    }
    return n.doubleValue();
  }

  /** A one-dimensional density over a parameter's internal coordinate. */
  private interface Estimator {
    double sample(Random random);

    double density(double x);

    Object toValue(double x);
  }

  /** A mixture of Gaussian kernels, one per observation plus a wide prior kernel. */
  private static final class Parzen implements Estimator {
    private final double[] mus;
    private final double[] sigmas;
    private final double lo;
    private final double hi;
    private final boolean log;
    private final boolean integer;
    private final double min;
    private final double max;

    Parzen(
        double[] obs, double lo, double hi, boolean log, boolean integer, double min, double max) {
      this.lo = lo;
      this.hi = hi;
      this.log = log;
      this.integer = integer;
      this.min = min;
      this.max = max;
      double width = Math.max(hi - lo, 1e-12);
      double[] sorted = obs.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      mus = new double[n + 1];
      sigmas = new double[n + 1];
      double minSigma = width / Math.min(100.0, 1.0 + n);
      for (int i = 0; i < n; i++) {
        double left = i == 0 ? lo : sorted[i - 1];
        double right = i == n - 1 ? hi : sorted[i + 1];
        double s = Math.max(sorted[i] - left, right - sorted[i]);
        mus[i] = sorted[i];
        sigmas[i] = Math.min(Math.max(s, minSigma), width);
      }
      mus[n] = (lo + hi) / 2;
      sigmas[n] = width;
    }

    @Override
    public double sample(Random random) {
      int k = random.nextInt(mus.length);
      for (int attempt = 0; attempt < 32; attempt++) {
        double x = mus[k] + sigmas[k] * random.nextGaussian();
        if (x >= lo && x <= hi) {
          return x;
        }
      }
      return Math.min(Math.max(mus[k], lo), hi);
    }

    @Override
    public double density(double x) {
      double sum = 0;
      for (int i = 0; i < mus.length; i++) {
        double z = (x - mus[i]) / sigmas[i];
        sum += Math.exp(-0.5 * z * z) / (sigmas[i] * Math.sqrt(2 * Math.PI));
      }
      return Math.max(sum / mus.length, 1e-300);
    }

    @Override
    public Object toValue(double x) {
      if (integer) {
        long r = Math.round(x);
        return (int) Math.min(Math.max(r, (long) min), (long) max);
      }
      double v = log ? Math.exp(x) : x;
      return Math.min(Math.max(v, min), max);
    }
  }

  /** Smoothed category frequencies. */
  private static final class Categorical implements Estimator {
    private final List<Object> values;
    private final double[] p;

    Categorical(List<Object> values, double[] weights) {
      this.values = values;
      double total = 0;
      for (double w : weights) {
        total += w;
      }
      p = new double[weights.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = weights[i] / total;
      }
    }

    @Override
    public double sample(Random random) {
      double u = random.nextDouble();
      double acc = 0;
      for (int i = 0; i < p.length; i++) {
        acc += p[i];
        if (u < acc) {
          return i;
        }
      }
      return p.length - 1;
    }

    @Override
    public double density(double x) {
      return p[(int) x];
    }

    @Override
    public Object toValue(double x) {
      return values.get((int) x);
    }
  }
}
