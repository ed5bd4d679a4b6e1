package dev.mle4j.tabular.featurestore;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link OnlineStore} in this process's memory (the embedded default); thread-safe. */
public final class InMemoryOnlineStore implements OnlineStore {

  private final Map<String, Map<String, Map<String, Object>>> views = new ConcurrentHashMap<>();
  private final Map<String, Instant> watermarks = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryOnlineStore() {}

  @Override
  public void write(String view, Map<String, Map<String, Object>> rows) {
    Objects.requireNonNull(view, "view");
    Map<String, Map<String, Object>> v =
        views.computeIfAbsent(view, k -> new ConcurrentHashMap<>());
    rows.forEach(
        (key, record) -> {
          for (Object o : record.values()) {
            TypedValues.encode(o); // rejects unsupported types like the other stores
          }
          v.put(key, Collections.unmodifiableMap(new LinkedHashMap<>(record)));
        });
  }

  @Override
  public Optional<Map<String, Object>> read(String view, String key) {
    Map<String, Map<String, Object>> v = views.get(view);
    return v == null ? Optional.empty() : Optional.ofNullable(v.get(key));
  }

  @Override
  public Map<String, Map<String, Object>> readMany(String view, Collection<String> keys) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (String k : keys) {
      read(view, k).ifPresent(r -> out.put(k, r));
    }
    return out;
  }

  @Override
  public Optional<Instant> watermark(String view) {
    return Optional.ofNullable(watermarks.get(view));
  }

  @Override
  public void setWatermark(String view, Instant watermark) {
    watermarks.put(Objects.requireNonNull(view, "view"), Objects.requireNonNull(watermark));
  }

  /** Nothing to free. */
  @Override
  public void close() {
    // nothing to release
  }
}
