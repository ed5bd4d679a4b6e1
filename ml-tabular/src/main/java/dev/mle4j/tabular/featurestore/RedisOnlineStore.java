package dev.mle4j.tabular.featurestore;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * An {@link OnlineStore} in Redis: one hash per {@code <prefix><view>:<entity key>} whose fields
 * are the columns and whose values are tagged strings ({@link TypedValues}); the watermark of a
 * view is the string key {@code <prefix>__watermark:<view>}.
 *
 * <p>When Redis cannot be reached, calls throw a {@link FeatureStoreException} "Redis at host:port
 * unreachable: ..." — or, when a fallback store is configured, log a warning and use the fallback
 * (reads then see what was written to the fallback, never silently empty Redis results).
 *
 * <pre>{@code
 * try (RedisOnlineStore redis = RedisOnlineStore.builder("localhost", 6379)
 *     .timeout(Duration.ofSeconds(2)).build()) {
 *   redis.read("hourly_demand", "17");
 * }
 * }</pre>
 */
public final class RedisOnlineStore implements OnlineStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisOnlineStore.class);
  private static final int BATCH = 1000;

  private final String host;
  private final int port;
  private final String prefix;
  private final OnlineStore fallback;
  private final RedisClient client;
  private volatile boolean degraded;

  private RedisOnlineStore(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.prefix = b.prefix;
    this.fallback = b.fallback;
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, b.timeout.toMillis()));
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxWait(b.timeout);
    pool.setMaxTotal(b.poolSize);
    this.client =
        RedisClient.builder()
            .hostAndPort(host, port)
            .clientConfig(
                DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(millis)
                    .socketTimeoutMillis(millis)
                    .build())
            .poolConfig(pool)
            .build();
  }

  /**
   * Starts a builder.
   *
   * @param host the Redis host
   * @param port the Redis port
   * @return the builder
   */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  /**
   * Starts a builder from a {@code redis://host:port} address.
   *
   * @param uri the address
   * @return the builder
   * @throws FeatureStoreException if it is not a redis:// address with a host
   */
  public static Builder builder(String uri) {
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new FeatureStoreException("'" + uri + "' is not a redis://host:port address", e);
    }
    if (!"redis".equals(u.getScheme()) || u.getHost() == null) {
      throw new FeatureStoreException("'" + uri + "' is not a redis://host:port address");
    }
    return new Builder(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort());
  }

  /**
   * The Redis address.
   *
   * @return {@code host:port}
   */
  public String address() {
    return host + ":" + port;
  }

  /**
   * Checks that Redis answers.
   *
   * @return true if PING answered PONG
   */
  public boolean ping() {
    try {
      return "PONG".equalsIgnoreCase(client.ping());
    } catch (JedisException e) {
      return false;
    }
  }

  @Override
  public void write(String view, Map<String, Map<String, Object>> rows) {
    Objects.requireNonNull(view, "view");
    List<Map.Entry<String, Map<String, String>>> encoded = new ArrayList<>();
    rows.forEach((k, r) -> encoded.add(Map.entry(k, TypedValues.encodeAll(r))));
    call(
        "write",
        () -> {
          for (int from = 0; from < encoded.size(); from += BATCH) {
            try (Pipeline p = client.pipelined()) {
              for (Map.Entry<String, Map<String, String>> e :
                  encoded.subList(from, Math.min(encoded.size(), from + BATCH))) {
                String key = key(view, e.getKey());
                p.del(key);
                if (!e.getValue().isEmpty()) {
                  p.hset(key, e.getValue());
                }
              }
              p.sync();
            }
          }
          return null;
        },
        () -> {
          fallback.write(view, rows);
          return null;
        });
  }

  @Override
  public Optional<Map<String, Object>> read(String view, String key) {
    return call(
        "read",
        () -> {
          Map<String, String> m = client.hgetAll(key(view, key));
          return m == null || m.isEmpty()
              ? Optional.<Map<String, Object>>empty()
              : Optional.of(TypedValues.decodeAll(m));
        },
        () -> fallback.read(view, key));
  }

  @Override
  public Map<String, Map<String, Object>> readMany(String view, Collection<String> keys) {
    List<String> list = List.copyOf(keys);
    return call(
        "readMany",
        () -> {
          Map<String, Map<String, Object>> out = new LinkedHashMap<>();
          for (int from = 0; from < list.size(); from += BATCH) {
            List<String> chunk = list.subList(from, Math.min(list.size(), from + BATCH));
            List<Response<Map<String, String>>> responses = new ArrayList<>();
            try (Pipeline p = client.pipelined()) {
              for (String k : chunk) {
                responses.add(p.hgetAll(key(view, k)));
              }
              p.sync();
            }
            for (int i = 0; i < chunk.size(); i++) {
              Map<String, String> m = responses.get(i).get();
              if (m != null && !m.isEmpty()) {
                out.put(chunk.get(i), TypedValues.decodeAll(m));
              }
            }
          }
          return out;
        },
        () -> fallback.readMany(view, keys));
  }

  @Override
  public Optional<Instant> watermark(String view) {
    return call(
        "watermark",
        () -> {
          String w = client.get(prefix + "__watermark:" + view);
          if (w == null) {
            return Optional.<Instant>empty();
          }
          try {
            return Optional.of(Instant.parse(w));
          } catch (DateTimeParseException e) {
            throw new FeatureStoreException(
                "Redis at " + address() + " holds a bad watermark for view '" + view + "': " + w,
                e);
          }
        },
        () -> fallback.watermark(view));
  }

  @Override
  public void setWatermark(String view, Instant watermark) {
    Objects.requireNonNull(watermark, "watermark");
    call(
        "setWatermark",
        () -> client.set(prefix + "__watermark:" + view, watermark.toString()),
        () -> {
          fallback.setWatermark(view, watermark);
          return null;
        });
  }

  /** Closes the connection pool (and the fallback store, if any). */
  @Override
  public void close() {
    try {
      client.close();
    } finally {
      if (fallback != null) {
        fallback.close();
      }
    }
  }

  private String key(String view, String entity) {
    return prefix + view + ":" + entity;
  }

  private <T> T call(String op, Supplier<T> redis, Supplier<T> onFallback) {
    try {
      T result = redis.get();
      if (degraded) {
        degraded = false;
        LOG.info("Redis at {} reachable again", address());
      }
      return result;
    } catch (JedisConnectionException e) {
      return unreachable(op, e, onFallback);
    } catch (JedisException e) {
      if (hasConnectionCause(e)) {
        return unreachable(op, e, onFallback);
      }
      throw new FeatureStoreException(
          "Redis at " + address() + " failed on " + op + ": " + oneLine(e), e);
    }
  }

  private <T> T unreachable(String op, JedisException e, Supplier<T> onFallback) {
    String message = "Redis at " + address() + " unreachable: " + oneLine(e);
    if (fallback == null) {
      throw new FeatureStoreException(message, e);
    }
    LOG.warn("{}; {} uses the fallback online store", message, op);
    degraded = true;
    return onFallback.get();
  }

  private static boolean hasConnectionCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof JedisConnectionException || c instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    if (root != e && root.getMessage() != null) {
      m = m + " (" + root.getMessage() + ")";
    }
    return m.strip().replaceAll("\\s*\\R\\s*", " | ");
  }

  /** Builds a {@link RedisOnlineStore}. */
  public static final class Builder {
    private final String host;
    private final int port;
    private Duration timeout = Duration.ofSeconds(2);
    private String prefix = "mle4j:fs:";
    private OnlineStore fallback;
    private int poolSize = 8;

    private Builder(String host, int port) {
      if (host == null || host.isBlank()) {
        throw new FeatureStoreException("a Redis host must not be blank");
      }
      if (port <= 0 || port > 65_535) {
        throw new FeatureStoreException("Redis port " + port + " is out of range 1..65535");
      }
      this.host = host;
      this.port = port;
    }

    /**
     * Sets the connect, socket and pool-wait timeout (default 2 s).
     *
     * @param timeout positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new FeatureStoreException("the Redis timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the key prefix (default {@code mle4j:fs:}).
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder keyPrefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Uses another store, with a logged warning, whenever Redis is unreachable.
     *
     * @param fallback the fallback store (closed with this store)
     * @return this builder
     */
    public Builder fallback(OnlineStore fallback) {
      this.fallback = fallback;
      return this;
    }

    /**
     * Sets the maximum number of pooled connections (default 8).
     *
     * @param size at least 1
     * @return this builder
     */
    public Builder poolSize(int size) {
      if (size < 1) {
        throw new FeatureStoreException("the Redis pool size must be at least 1, got " + size);
      }
      this.poolSize = size;
      return this;
    }

    /**
     * Builds the store (connections are opened lazily).
     *
     * @return the store
     */
    public RedisOnlineStore build() {
      return new RedisOnlineStore(this);
    }
  }
}
