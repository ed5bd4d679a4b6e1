package dev.mle4j.tabular.drift;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.eda.Statistics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a current frame with a reference frame column by column, with Evidently's default test
 * selection, and raises {@link DriftAlert}s that it sends to its {@link AlertSink}s.
 *
 * <p>Test selection (Evidently's {@code _get_default_stattest}; "distinct" counts the non-missing
 * values of reference and current together): with a reference of at most {@code smallReferenceRows}
 * (1000) rows, numeric columns with more than {@code categoricalMaxUnique} (5) distinct values use
 * KS, other columns use chi-squared, or the Z-test when they have at most two distinct values. With
 * a larger reference, numeric columns with more than 5 distinct values use the normalised
 * Wasserstein distance and all others Jensen-Shannon. NUMERIC and DATETIME columns are numeric;
 * BOOLEAN and CATEGORICAL are categorical; ID and TEXT columns are skipped unless named. Missing
 * and infinite values are dropped before testing.
 */
public final class DriftDetector {
  private final DriftConfig config;
  private final List<AlertSink> sinks;
  private final Clock clock;

  /**
   * A detector that only returns alerts and sends them nowhere.
   *
   * @param config options
   */
  public DriftDetector(DriftConfig config) {
    this(config, List.of(), Clock.systemUTC());
  }

  /**
   * A detector that sends alerts to sinks.
   *
   * @param config options
   * @param sinks alert destinations (each failure is logged by the sink, not thrown)
   * @param clock clock for alert timestamps
   */
  public DriftDetector(DriftConfig config, List<AlertSink> sinks, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.sinks = List.copyOf(sinks);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The options.
   *
   * @return config
   */
  public DriftConfig config() {
    return config;
  }

  /**
   * Runs every test and rule, and sends the alerts (if any) to the sinks.
   *
   * @param dataset a name for the data in reports and alerts
   * @param reference the reference frame (e.g. training data)
   * @param current the current frame (e.g. recent production rows)
   * @return the result
   * @throws MlException on empty frames, missing columns, incompatible types or all-missing columns
   */
  public DriftResult detect(String dataset, DataFrame reference, DataFrame current) {
    if (reference == null || reference.rows() == 0) {
      throw new MlException("drift: the reference data is empty");
    }
    if (current == null || current.rows() == 0) {
      throw new MlException("drift: the current data is empty");
    }
    List<ColumnDrift> features = new ArrayList<>();
    for (String column : featureColumns(reference)) {
      features.add(testColumn(column, ColumnDrift.Role.FEATURE, reference, current));
    }
    if (features.isEmpty()) {
      throw new MlException("drift: no feature columns to test");
    }
    ColumnDrift target =
        config
            .targetColumn()
            .map(t -> testColumn(t, ColumnDrift.Role.TARGET, reference, current))
            .orElse(null);
    ColumnDrift prediction =
        config
            .predictionColumn()
            .map(p -> testColumn(p, ColumnDrift.Role.PREDICTION, reference, current))
            .orElse(null);
    long drifted = features.stream().filter(ColumnDrift::drift).count();
    double share = drifted / (double) features.size();
    boolean datasetDrift = share >= config.driftShare();
    List<StatisticShiftRule.Outcome> outcomes = new ArrayList<>();
    for (StatisticShiftRule rule : config.rules()) {
      outcomes.add(evaluate(rule, reference, current));
    }
    List<DriftAlert> alerts = new ArrayList<>();
    if (datasetDrift) {
      alerts.add(
          alert(
              DriftAlert.Kind.DATASET_DRIFT,
              dataset,
              "*",
              "drift_share",
              share,
              config.driftShare(),
              String.format(
                  Locale.ROOT,
                  "dataset drift: %d of %d columns drifted (share %.3f >= %.3f)",
                  drifted,
                  features.size(),
                  share,
                  config.driftShare())));
    }
    if (target != null && target.drift()) {
      alerts.add(columnAlert(DriftAlert.Kind.TARGET_DRIFT, dataset, target));
    }
    if (prediction != null && prediction.drift()) {
      alerts.add(columnAlert(DriftAlert.Kind.PREDICTION_DRIFT, dataset, prediction));
    }
    for (StatisticShiftRule.Outcome o : outcomes) {
      if (o.violated()) {
        StatisticShiftRule r = o.rule();
        alerts.add(
            alert(
                DriftAlert.Kind.RULE,
                dataset,
                r.column(),
                r.statistic().name().toLowerCase(Locale.ROOT),
                o.change(),
                r.maxRelativeChange(),
                String.format(
                    Locale.ROOT,
                    "%s of '%s' changed by %.1f%% (%.6g -> %.6g), limit %.1f%%",
                    r.statistic().name().toLowerCase(Locale.ROOT),
                    r.column(),
                    100 * o.change(),
                    o.reference(),
                    o.current(),
                    100 * r.maxRelativeChange())));
      }
    }
    DriftResult result =
        new DriftResult(
            dataset,
            reference.rows(),
            current.rows(),
            features,
            target,
            prediction,
            share,
            config.driftShare(),
            datasetDrift,
            outcomes,
            alerts);
    if (!alerts.isEmpty()) {
      for (AlertSink sink : sinks) {
        sink.send(alerts);
      }
    }
    return result;
  }

  private DriftAlert columnAlert(DriftAlert.Kind kind, String dataset, ColumnDrift c) {
    return alert(
        kind,
        dataset,
        c.column(),
        c.method().id(),
        c.score(),
        c.threshold(),
        String.format(
            Locale.ROOT,
            "%s drift in '%s': %s score %.6g (threshold %.3g)",
            c.role().name().toLowerCase(Locale.ROOT),
            c.column(),
            c.method().id(),
            c.score(),
            c.threshold()));
  }

  private DriftAlert alert(
      DriftAlert.Kind kind,
      String dataset,
      String column,
      String method,
      double value,
      double threshold,
      String message) {
    return new DriftAlert(
        kind, dataset, column, method, value, threshold, message, clock.instant());
  }

  private List<String> featureColumns(DataFrame reference) {
    Set<String> excluded = new HashSet<>();
    config.targetColumn().ifPresent(excluded::add);
    config.predictionColumn().ifPresent(excluded::add);
    if (!config.columns().isEmpty()) {
      return config.columns().stream().filter(c -> !excluded.contains(c)).toList();
    }
    List<String> out = new ArrayList<>();
    for (String c : reference.columns()) {
      ColumnType t = reference.type(c);
      if (!excluded.contains(c) && t != ColumnType.ID && t != ColumnType.TEXT) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Tests one column with its configured or default method.
   *
   * @param column column name
   * @param role the column's role
   * @param reference reference frame
   * @param current current frame
   * @return the column result
   * @throws MlException when the column is missing, has incompatible types or no values
   */
  public ColumnDrift testColumn(
      String column, ColumnDrift.Role role, DataFrame reference, DataFrame current) {
    if (!reference.has(column)) {
      throw new MlException("drift: column '" + column + "' is missing in the reference data");
    }
    if (!current.has(column)) {
      throw new MlException("drift: column '" + column + "' is missing in the current data");
    }
    ColumnType refType = reference.type(column);
    ColumnType curType = current.type(column);
    if (refType.isNumberStored() != curType.isNumberStored()) {
      throw new MlException(
          "drift: column '"
              + column
              + "' is "
              + refType
              + " in the reference but "
              + curType
              + " in the current data");
    }
    Object[] ref = values(reference, column, "reference");
    Object[] cur = values(current, column, "current");
    boolean numeric = refType == ColumnType.NUMERIC || refType == ColumnType.DATETIME;
    DriftMethod method = config.methods().get(column);
    if (method == null) {
      method = defaultMethod(reference.rows(), numeric, DriftStatistics.keys(ref, cur).size());
    }
    double score = score(method, column, numeric, ref, cur);
    Double override = config.thresholds().get(column);
    double threshold =
        override != null
            ? override
            : Double.isNaN(config.stattestThreshold())
                ? method.defaultThreshold()
                : config.stattestThreshold();
    return new ColumnDrift(
        column,
        role,
        method,
        score,
        threshold,
        method.drifted(score, threshold),
        ref.length,
        cur.length);
  }

  /**
   * Evidently's default test for a column.
   *
   * @param referenceRows rows of the reference frame
   * @param numeric whether the column is numeric
   * @param distinct distinct non-missing values in reference and current together
   * @return the method
   */
  public DriftMethod defaultMethod(int referenceRows, boolean numeric, int distinct) {
    boolean fewValues = !numeric || distinct <= config.categoricalMaxUnique();
    if (referenceRows <= config.smallReferenceRows()) {
      if (!fewValues) {
        return DriftMethod.KS;
      }
      return distinct > 2 ? DriftMethod.CHI_SQUARE : DriftMethod.Z_TEST;
    }
    return fewValues ? DriftMethod.JENSEN_SHANNON : DriftMethod.WASSERSTEIN;
  }

  private static double score(
      DriftMethod method, String column, boolean numeric, Object[] ref, Object[] cur) {
    return switch (method) {
      case KS -> {
        requireNumeric(method, column, numeric);
        yield DriftStatistics.ksTwoSample(
                DriftStatistics.toDoubles(ref), DriftStatistics.toDoubles(cur))
            .pValue();
      }
      case WASSERSTEIN -> {
        requireNumeric(method, column, numeric);
        yield DriftStatistics.wassersteinNormed(
            DriftStatistics.toDoubles(ref), DriftStatistics.toDoubles(cur));
      }
      case CHI_SQUARE -> DriftStatistics.chiSquareDrift(ref, cur);
      case Z_TEST -> {
        int distinct = DriftStatistics.keys(ref, cur).size();
        if (distinct > 2) {
          throw new MlException(
              "drift: Z-test on column '"
                  + column
                  + "' needs at most 2 distinct values, found "
                  + distinct);
        }
        yield DriftStatistics.zTestDrift(ref, cur);
      }
      case JENSEN_SHANNON -> {
        double[][] shares = DriftStatistics.binnedShares(ref, cur, numeric, false);
        yield DriftStatistics.jensenShannon(shares[0], shares[1]);
      }
      case PSI -> {
        double[][] shares = DriftStatistics.binnedShares(ref, cur, numeric, true);
        yield DriftStatistics.psi(shares[0], shares[1]);
      }
      default -> throw new MlException("drift: unknown method " + method);
    };
  }

  private static void requireNumeric(DriftMethod method, String column, boolean numeric) {
    if (!numeric) {
      throw new MlException(
          "drift: " + method.id() + " needs a numeric column, '" + column + "' is categorical");
    }
  }

  private static Object[] values(DataFrame frame, String column, String which) {
    List<Object> out = new ArrayList<>();
    if (frame.type(column).isNumberStored()) {
      for (double v : frame.numeric(column)) {
        if (Double.isFinite(v)) {
          out.add(v == 0.0 ? 0.0 : v);
        }
      }
    } else {
      for (String s : frame.strings(column)) {
        if (s != null) {
          out.add(s);
        }
      }
    }
    if (out.isEmpty()) {
      throw new MlException(
          "drift: column '" + column + "' has no non-missing values in the " + which + " data");
    }
    return out.toArray();
  }

  private static StatisticShiftRule.Outcome evaluate(
      StatisticShiftRule rule, DataFrame reference, DataFrame current) {
    String column = rule.column();
    for (DataFrame f : List.of(reference, current)) {
      if (!f.has(column)) {
        throw new MlException(
            "drift rule: column '"
                + column
                + "' is missing in the "
                + (f == reference ? "reference" : "current")
                + " data");
      }
    }
    double r = statistic(rule, reference, "reference");
    double c = statistic(rule, current, "current");
    double change = r == 0 ? Math.abs(c - r) : Math.abs(c - r) / Math.abs(r);
    return new StatisticShiftRule.Outcome(rule, r, c, change, change > rule.maxRelativeChange());
  }

  private static double statistic(StatisticShiftRule rule, DataFrame frame, String which) {
    String column = rule.column();
    if (rule.statistic() == StatisticShiftRule.Statistic.MISSING_SHARE) {
      int missing = 0;
      if (frame.type(column).isNumberStored()) {
        for (double v : frame.numeric(column)) {
          missing += Double.isNaN(v) ? 1 : 0;
        }
      } else {
        for (String s : frame.strings(column)) {
          missing += s == null ? 1 : 0;
        }
      }
      return missing / (double) frame.rows();
    }
    if (!frame.type(column).isNumberStored()) {
      throw new MlException(
          "drift rule: "
              + rule.statistic().name().toLowerCase(Locale.ROOT)
              + " needs a numeric column, '"
              + column
              + "' is "
              + frame.type(column));
    }
    double[] sorted =
        Arrays.stream(frame.numeric(column)).filter(Double::isFinite).sorted().toArray();
    if (sorted.length == 0) {
      throw new MlException(
          "drift rule: column '"
              + column
              + "' has no non-missing values in the "
              + which
              + " data");
    }
    return switch (rule.statistic()) {
      case MEDIAN -> Statistics.quantile(sorted, 0.5);
      case MEAN -> Arrays.stream(sorted).average().orElse(Double.NaN);
      case STD -> DriftStatistics.populationStd(sorted);
      default -> throw new MlException("drift rule: unknown statistic " + rule.statistic());
    };
  }
}
