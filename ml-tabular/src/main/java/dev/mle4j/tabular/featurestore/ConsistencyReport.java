package dev.mle4j.tabular.featurestore;

import java.time.Instant;
import java.util.List;

/**
 * The result of a {@link ConsistencyCheck}.
 *
 * @param view the view name
 * @param asOf the time the offline values were taken at
 * @param entitiesChecked sampled entity keys
 * @param valuesCompared column values compared
 * @param mismatches every difference found
 */
public record ConsistencyReport(
    String view, Instant asOf, int entitiesChecked, int valuesCompared, List<Mismatch> mismatches) {

  /**
   * Copies the list.
   *
   * @param view the view name
   * @param asOf the reference time
   * @param entitiesChecked sampled entity keys
   * @param valuesCompared column values compared
   * @param mismatches every difference found
   */
  public ConsistencyReport {
    mismatches = List.copyOf(mismatches);
  }

  /**
   * Whether online and offline agree everywhere.
   *
   * @return true if there is no mismatch
   */
  public boolean passed() {
    return mismatches.isEmpty();
  }

  /**
   * One difference.
   *
   * @param key the entity key
   * @param column the column, or {@code *} when the whole online record is missing
   * @param offline the offline value
   * @param online the online value
   */
  public record Mismatch(String key, String column, Object offline, Object online) {}
}
