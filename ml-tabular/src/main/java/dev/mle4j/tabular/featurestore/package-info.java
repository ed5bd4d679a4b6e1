/**
 * A small feature store: {@link dev.mle4j.tabular.featurestore.FeatureView} definitions, a Parquet
 * {@link dev.mle4j.tabular.featurestore.OfflineStore} with point-in-time joins (DuckDB {@code ASOF}
 * joins), {@link dev.mle4j.tabular.featurestore.OnlineStore}s (in memory, JSON file, Redis), a
 * {@link dev.mle4j.tabular.featurestore.Materializer} that moves the latest values per entity
 * online, and a {@link dev.mle4j.tabular.featurestore.ConsistencyCheck} comparing both sides.
 */
package dev.mle4j.tabular.featurestore;
