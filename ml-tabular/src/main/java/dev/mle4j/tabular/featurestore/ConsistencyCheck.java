package dev.mle4j.tabular.featurestore;

import dev.mle4j.tabular.data.DataFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Compares online lookups with the offline latest values: samples entity keys (seeded), reads them
 * from the {@link OnlineStore} and compares every feature column and the event time with {@link
 * OfflineStore#latest} at the reference time (normally the last materialization end). Numbers match
 * within {@code 1e-9} (absolute, or relative for large magnitudes).
 */
public final class ConsistencyCheck {

  /** Numeric tolerance. */
  public static final double TOLERANCE = 1e-9;

  private final OfflineStore offline;
  private final OnlineStore online;

  /**
   * Creates a check.
   *
   * @param offline the offline store
   * @param online the online store
   */
  public ConsistencyCheck(OfflineStore offline, OnlineStore online) {
    this.offline = Objects.requireNonNull(offline, "offline");
    this.online = Objects.requireNonNull(online, "online");
  }

  /**
   * Runs the check.
   *
   * @param view the view
   * @param asOf the reference time
   * @param sampleSize how many entity keys to check (all when fewer exist)
   * @param seed the sampling seed
   * @return the report
   * @throws FeatureStoreException if the sample size is not positive or a store fails
   */
  public ConsistencyReport check(FeatureView view, Instant asOf, int sampleSize, long seed) {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(asOf, "asOf");
    if (sampleSize < 1) {
      throw new FeatureStoreException(
          "the consistency sample size must be positive, got " + sampleSize);
    }
    DataFrame latest = offline.latest(view, asOf);
    Map<String, Map<String, Object>> expected = Materializer.records(view, latest);
    List<String> keys = new ArrayList<>(expected.keySet());
    Collections.sort(keys);
    Collections.shuffle(keys, new Random(seed));
    List<String> sample = keys.subList(0, Math.min(sampleSize, keys.size()));
    Map<String, Map<String, Object>> actual = online.readMany(view.name(), sample);
    List<ConsistencyReport.Mismatch> mismatches = new ArrayList<>();
    int compared = 0;
    for (String k : sample) {
      Map<String, Object> want = expected.get(k);
      Map<String, Object> got = actual.get(k);
      if (got == null) {
        mismatches.add(new ConsistencyReport.Mismatch(k, "*", want, null));
        continue;
      }
      for (Map.Entry<String, Object> e : want.entrySet()) {
        compared++;
        Object g = got.get(e.getKey());
        if (!same(e.getValue(), g)) {
          mismatches.add(new ConsistencyReport.Mismatch(k, e.getKey(), e.getValue(), g));
        }
      }
    }
    return new ConsistencyReport(view.name(), asOf, sample.size(), compared, mismatches);
  }

  static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    if (a instanceof Number x && b instanceof Number y) {
      double u = x.doubleValue();
      double v = y.doubleValue();
      if (Double.isNaN(u) || Double.isNaN(v)) {
        return Double.isNaN(u) && Double.isNaN(v);
      }
      return Math.abs(u - v) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(u), Math.abs(v)));
    }
    return a.equals(b);
  }
}
