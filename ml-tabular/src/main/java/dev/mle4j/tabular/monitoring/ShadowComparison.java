package dev.mle4j.tabular.monitoring;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares the primary and candidate answers of a shadow log ({@link ShadowDeployment}): records
 * are paired by request id, the primary being the records of {@link Builder#primaryVersion} and the
 * candidate those of {@link Builder#candidateVersion}.
 *
 * <p>Reports the agreement rate (same label; for regression |difference| &lt;= tolerance), the mean
 * absolute difference of regression values (or of the confidences of classifiers), each side's
 * latency, the candidate's missing-answer rate (primary requests without a candidate answer: errors
 * and skipped mirrors) and, with labels, each side's metric on the labelled pairs (accuracy, or
 * RMSE for regression).
 *
 * <p>Promotion rule: labels exist for at least {@link Builder#minLabelled} pairs, the candidate's
 * metric beats the primary's by at least {@link Builder#margin} (accuracy higher by the margin,
 * RMSE lower by the margin), and the missing-answer rate is at most {@link
 * Builder#maxCandidateErrorRate}.
 */
public final class ShadowComparison {
  private final String primaryVersion;
  private final String candidateVersion;
  private final LabelsFile labels;
  private final double margin;
  private final double maxErrorRate;
  private final int minLabelled;
  private final double tolerance;

  private ShadowComparison(Builder b) {
    this.primaryVersion = b.primaryVersion;
    this.candidateVersion = b.candidateVersion;
    this.labels = b.labels;
    this.margin = b.margin;
    this.maxErrorRate = b.maxErrorRate;
    this.minLabelled = b.minLabelled;
    this.tolerance = b.tolerance;
  }

  /**
   * Starts a builder.
   *
   * @param primaryVersion the primary's logged version
   * @param candidateVersion the candidate's logged version
   * @return the builder
   */
  public static Builder builder(String primaryVersion, String candidateVersion) {
    return new Builder(primaryVersion, candidateVersion);
  }

  /**
   * The promotion decision.
   *
   * @param promote whether the candidate should replace the primary
   * @param reason why, in words
   */
  public record Decision(boolean promote, String reason) {}

  /**
   * The comparison.
   *
   * @param primaryRequests requests the primary answered
   * @param pairs requests both answered
   * @param candidateMissing primary requests without a candidate answer
   * @param candidateErrorRate candidateMissing / primaryRequests
   * @param agreementRate share of pairs with the same answer
   * @param meanAbsDifference mean |primary − candidate| of values (regression) or confidences
   * @param regression whether the models are regressors
   * @param metric the metric name ({@code accuracy} or {@code rmse})
   * @param labelled pairs with a label
   * @param primaryMetric the primary's metric on the labelled pairs (NaN without labels)
   * @param candidateMetric the candidate's metric on the labelled pairs (NaN without labels)
   * @param primaryLatency the primary's latency
   * @param candidateLatency the candidate's latency
   * @param decision the promotion decision
   */
  public record Report(
      long primaryRequests,
      long pairs,
      long candidateMissing,
      double candidateErrorRate,
      double agreementRate,
      double meanAbsDifference,
      boolean regression,
      String metric,
      long labelled,
      double primaryMetric,
      double candidateMetric,
      PredictionLogAnalysis.Latency primaryLatency,
      PredictionLogAnalysis.Latency candidateLatency,
      Decision decision) {}

  /**
   * Compares without labels (the decision is then never to promote).
   *
   * @param log the shadow log
   * @return the report
   */
  public Report compare(Path log) {
    return compare(PredictionLogReader.read(log), Map.of());
  }

  /**
   * Compares with labels.
   *
   * @param log the shadow log
   * @param labelsCsv the labels file
   * @return the report
   */
  public Report compare(Path log, Path labelsCsv) {
    Map<String, LabelsFile.Label> truth = labels.read(labelsCsv);
    return compare(PredictionLogReader.read(log), truth);
  }

  /**
   * Compares records already read.
   *
   * @param records the log records
   * @param truth id to label (may be empty)
   * @return the report
   * @throws MlException when the log has no primary record, or the two sides differ in kind
   */
  public Report compare(List<LoggedPrediction> records, Map<String, LabelsFile.Label> truth) {
    Map<String, LoggedPrediction> primary = new HashMap<>();
    Map<String, LoggedPrediction> candidate = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (LoggedPrediction p : records) {
      if (p.version().equals(primaryVersion)) {
        if (primary.put(p.requestId(), p) == null) {
          order.add(p.requestId());
        }
      } else if (p.version().equals(candidateVersion)) {
        candidate.put(p.requestId(), p);
      }
    }
    if (primary.isEmpty()) {
      throw new MlException(
          "the shadow log has no records of the primary version " + primaryVersion);
    }
    boolean regression = primary.values().iterator().next().isRegression();
    List<LoggedPrediction> ps = new ArrayList<>();
    List<LoggedPrediction> cs = new ArrayList<>();
    for (String id : order) {
      LoggedPrediction c = candidate.get(id);
      if (c != null) {
        if (c.isRegression() != regression) {
          throw new MlException(
              "request " + id + ": primary and candidate answers differ in kind (label vs value)");
        }
        ps.add(primary.get(id));
        cs.add(c);
      }
    }
    long missing = primary.size() - ps.size();
    double errorRate = missing / (double) primary.size();
    int agree = 0;
    double diff = 0;
    int diffs = 0;
    for (int i = 0; i < ps.size(); i++) {
      LoggedPrediction p = ps.get(i);
      LoggedPrediction c = cs.get(i);
      double d =
          regression
              ? Math.abs(p.prediction() - c.prediction())
              : Math.abs(p.confidence() - c.confidence());
      if (regression ? d <= tolerance : p.label().equals(c.label())) {
        agree++;
      }
      if (Double.isFinite(d)) {
        diff += d;
        diffs++;
      }
    }
    List<LoggedPrediction> lp = new ArrayList<>();
    List<LoggedPrediction> lc = new ArrayList<>();
    List<String> ys = new ArrayList<>();
    for (int i = 0; i < ps.size(); i++) {
      String key = labels.key(ps.get(i));
      LabelsFile.Label l = key == null ? null : truth.get(key);
      if (l != null) {
        lp.add(ps.get(i));
        lc.add(cs.get(i));
        ys.add(l.value());
      }
    }
    String metric = regression ? "rmse" : "accuracy";
    double pm = Double.NaN;
    double cm = Double.NaN;
    if (!ys.isEmpty()) {
      pm = PerformanceMonitor.metrics(lp, ys, regression, null).get(metric);
      cm = PerformanceMonitor.metrics(lc, ys, regression, null).get(metric);
    }
    Decision decision = decide(ys.size(), regression, pm, cm, errorRate, ps.size());
    return new Report(
        primary.size(),
        ps.size(),
        missing,
        errorRate,
        ps.isEmpty() ? Double.NaN : agree / (double) ps.size(),
        diffs == 0 ? Double.NaN : diff / diffs,
        regression,
        metric,
        ys.size(),
        pm,
        cm,
        PredictionLogAnalysis.Latency.of(
            ps.stream().mapToDouble(LoggedPrediction::latencyMs).toArray()),
        PredictionLogAnalysis.Latency.of(
            cs.stream().mapToDouble(LoggedPrediction::latencyMs).toArray()),
        decision);
  }

  private Decision decide(
      int labelled, boolean regression, double pm, double cm, double errorRate, int pairs) {
    if (pairs == 0) {
      return new Decision(false, "the candidate answered no request");
    }
    if (errorRate > maxErrorRate) {
      return new Decision(
          false,
          String.format(
              java.util.Locale.ROOT,
              "candidate missing-answer rate %.4f exceeds the allowed %.4f",
              errorRate,
              maxErrorRate));
    }
    if (labelled < minLabelled) {
      return new Decision(
          false, "only " + labelled + " labelled pairs; at least " + minLabelled + " needed");
    }
    double gain = regression ? pm - cm : cm - pm;
    String text =
        String.format(
            java.util.Locale.ROOT,
            "%s: candidate %.4f vs primary %.4f (gain %.4f, margin %.4f)",
            regression ? "rmse" : "accuracy",
            cm,
            pm,
            gain,
            margin);
    return gain >= margin
        ? new Decision(true, "candidate is better; " + text)
        : new Decision(false, "candidate is not better by the margin; " + text);
  }

  /**
   * Promotes the candidate version to a stage when the report says so.
   *
   * @param report the comparison report
   * @param registry the registry holding the candidate
   * @param model the registered model name
   * @param stage the stage, e.g. {@code production}
   * @return the promoted version, or empty when the decision is not to promote
   * @throws MlException when the registry does not know the candidate version
   */
  public Optional<ModelVersion> promoteIfBetter(
      Report report, ModelRegistry registry, String model, String stage) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(registry, "registry");
    if (!report.decision().promote()) {
      return Optional.empty();
    }
    return Optional.of(registry.promote(model, candidateVersion, stage));
  }

  /** Options of a {@link ShadowComparison}. */
  public static final class Builder {
    private final String primaryVersion;
    private final String candidateVersion;
    private LabelsFile labels = LabelsFile.defaults();
    private double margin = 0.0;
    private double maxErrorRate = 0.01;
    private int minLabelled = 30;
    private double tolerance = 1e-9;

    private Builder(String primaryVersion, String candidateVersion) {
      if (primaryVersion == null || primaryVersion.isBlank()) {
        throw new MlException("shadow comparison: primary version must not be blank");
      }
      if (candidateVersion == null || candidateVersion.isBlank()) {
        throw new MlException("shadow comparison: candidate version must not be blank");
      }
      if (primaryVersion.equals(candidateVersion)) {
        throw new MlException(
            "shadow comparison: primary and candidate have the same version " + primaryVersion);
      }
      this.primaryVersion = primaryVersion;
      this.candidateVersion = candidateVersion;
    }

    /**
     * How to read and join labels.
     *
     * @param labels the spec
     * @return this builder
     */
    public Builder labels(LabelsFile labels) {
      this.labels = Objects.requireNonNull(labels, "labels");
      return this;
    }

    /**
     * How much better the candidate's metric must be (default 0: at least as good), in metric
     * units.
     *
     * @param margin zero or positive
     * @return this builder
     */
    public Builder margin(double margin) {
      if (!(margin >= 0) || Double.isInfinite(margin)) {
        throw new MlException("margin must be a finite number >= 0, got " + margin);
      }
      this.margin = margin;
      return this;
    }

    /**
     * The largest allowed share of requests without a candidate answer (default 0.01).
     *
     * @param rate in [0, 1]
     * @return this builder
     */
    public Builder maxCandidateErrorRate(double rate) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new MlException("maxCandidateErrorRate must be in [0, 1], got " + rate);
      }
      this.maxErrorRate = rate;
      return this;
    }

    /**
     * The fewest labelled pairs needed to decide (default 30).
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder minLabelled(int n) {
      if (n < 1) {
        throw new MlException("minLabelled must be at least 1, got " + n);
      }
      this.minLabelled = n;
      return this;
    }

    /**
     * The largest |difference| of two regression values that counts as agreement (default 1e-9).
     *
     * @param tolerance zero or positive
     * @return this builder
     */
    public Builder tolerance(double tolerance) {
      if (!(tolerance >= 0)) {
        throw new MlException("tolerance must be >= 0, got " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /**
     * Builds the comparison.
     *
     * @return the comparison
     */
    public ShadowComparison build() {
      return new ShadowComparison(this);
    }
  }
}
