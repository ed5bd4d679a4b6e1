package dev.mle4j.tabular.featurestore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named group of features about one kind of entity: the entity key column(s), the event-time
 * column saying when each row's values became true, how long a value stays valid (TTL), the feature
 * columns and where the rows come from.
 *
 * <pre>{@code
 * FeatureView hourly = FeatureView.builder("hourly_demand")
 *     .entity("hr").eventTime("ts").ttl(Duration.ofDays(2))
 *     .features("cnt_mean_7d", "temp")
 *     .source(FeatureSource.csv(Path.of("hourly.csv")))
 *     .build();
 * }</pre>
 *
 * @param name the view name: letters, digits, {@code _ . -}, starting with a letter or digit
 * @param entities the entity key columns, at least one
 * @param eventTime the event-time column
 * @param ttl how long after its event time a value is still served; positive
 * @param features the feature columns, at least one
 * @param source where the rows come from
 */
public record FeatureView(
    String name,
    List<String> entities,
    String eventTime,
    Duration ttl,
    List<String> features,
    FeatureSource source) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  /**
   * Validates the definition.
   *
   * @throws FeatureStoreException naming the bad field
   */
  public FeatureView {
    if (name == null || name.isBlank()) {
      throw new FeatureStoreException("a feature view needs a name");
    }
    if (!NAME.matcher(name).matches()) {
      throw new FeatureStoreException(
          "feature view name '"
              + name
              + "' may only hold letters, digits, '_', '.' and '-' (starting with a letter or"
              + " digit)");
    }
    String where = "feature view '" + name + "': ";
    if (entities == null || entities.isEmpty()) {
      throw new FeatureStoreException(where + "needs at least one entity key column");
    }
    if (eventTime == null || eventTime.isBlank()) {
      throw new FeatureStoreException(where + "needs an event-time column");
    }
    if (ttl == null) {
      throw new FeatureStoreException(where + "needs a ttl");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new FeatureStoreException(where + "ttl must be positive, got " + ttl);
    }
    if (features == null || features.isEmpty()) {
      throw new FeatureStoreException(where + "needs at least one feature column");
    }
    if (source == null) {
      throw new FeatureStoreException(where + "needs a source (CSV, Parquet or a frame)");
    }
    Set<String> seen = new HashSet<>();
    List<String> all = new ArrayList<>(entities);
    all.add(eventTime);
    all.addAll(features);
    for (String c : all) {
      if (c == null || c.isBlank()) {
        throw new FeatureStoreException(where + "a column name is blank");
      }
      if (c.startsWith("__")) {
        throw new FeatureStoreException(
            where + "column '" + c + "' starts with '__', which is reserved");
      }
      if (!seen.add(c)) {
        throw new FeatureStoreException(
            where
                + "column '"
                + c
                + "' is listed twice (entity, event time and features must differ)");
      }
    }
    entities = List.copyOf(entities);
    features = List.copyOf(features);
  }

  /**
   * Starts a builder.
   *
   * @param name the view name
   * @return the builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Every column the view keeps: entities, event time, features.
   *
   * @return the columns in that order
   */
  public List<String> columns() {
    List<String> all = new ArrayList<>(entities);
    all.add(eventTime);
    all.addAll(features);
    return List.copyOf(all);
  }

  /**
   * The same view reading from another source.
   *
   * @param other the new source
   * @return the copy
   */
  public FeatureView withSource(FeatureSource other) {
    return new FeatureView(name, entities, eventTime, ttl, features, other);
  }

  /** Builds a {@link FeatureView}. */
  public static final class Builder {
    private final String name;
    private final List<String> entities = new ArrayList<>();
    private String eventTime;
    private Duration ttl;
    private final List<String> features = new ArrayList<>();
    private FeatureSource source;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds entity key columns (several make a compound key).
     *
     * @param columns the columns
     * @return this builder
     */
    public Builder entity(String... columns) {
      entities.addAll(List.of(columns));
      return this;
    }

    /**
     * Sets the event-time column.
     *
     * @param column the column (timestamp, date, ISO text or epoch seconds)
     * @return this builder
     */
    public Builder eventTime(String column) {
      this.eventTime = column;
      return this;
    }

    /**
     * Sets the time to live.
     *
     * @param ttl positive duration
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /**
     * Adds feature columns.
     *
     * @param columns the columns
     * @return this builder
     */
    public Builder features(String... columns) {
      features.addAll(List.of(columns));
      return this;
    }

    /**
     * Adds feature columns.
     *
     * @param columns the columns
     * @return this builder
     */
    public Builder features(List<String> columns) {
      features.addAll(columns);
      return this;
    }

    /**
     * Sets the source.
     *
     * @param source the source
     * @return this builder
     */
    public Builder source(FeatureSource source) {
      this.source = source;
      return this;
    }

    /**
     * Builds the view.
     *
     * @return the view
     * @throws FeatureStoreException naming the bad field
     */
    public FeatureView build() {
      return new FeatureView(name, entities, eventTime, ttl, features, source);
    }
  }
}
