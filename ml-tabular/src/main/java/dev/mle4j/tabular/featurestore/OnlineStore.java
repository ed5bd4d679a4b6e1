package dev.mle4j.tabular.featurestore;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The online side of the feature store: the latest feature values per entity key, for low-latency
 * lookups at prediction time, plus a materialization watermark per view.
 *
 * <p>Values are {@code null}, numbers ({@link Double} or {@link Long}), {@link Boolean}, {@link
 * String} or {@link java.time.Instant}; a store gives back the types it was given.
 */
public interface OnlineStore extends AutoCloseable {

  /**
   * Writes (replaces) the records of several entities of a view.
   *
   * @param view the view name
   * @param rows entity key to column-to-value record
   * @throws FeatureStoreException if the store cannot be written
   */
  void write(String view, Map<String, Map<String, Object>> rows);

  /**
   * Reads one entity's record.
   *
   * @param view the view name
   * @param key the entity key (see {@link TypedValues#entityKey})
   * @return the record, or empty if the key was never written
   * @throws FeatureStoreException if the store cannot be read
   */
  Optional<Map<String, Object>> read(String view, String key);

  /**
   * Reads several entities' records.
   *
   * @param view the view name
   * @param keys the entity keys
   * @return key to record for the keys that exist (missing keys are absent)
   * @throws FeatureStoreException if the store cannot be read
   */
  Map<String, Map<String, Object>> readMany(String view, Collection<String> keys);

  /**
   * The end of the last materialization of a view.
   *
   * @param view the view name
   * @return the watermark, or empty if the view was never materialized
   */
  Optional<Instant> watermark(String view);

  /**
   * Records the end of a materialization.
   *
   * @param view the view name
   * @param watermark the new watermark
   */
  void setWatermark(String view, Instant watermark);

  /** Frees connections or files. */
  @Override
  void close();
}
