package dev.mle4j.spark;

import dev.mle4j.core.MlException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-JVM holder of heavy objects that Spark tasks share: loaded models, fitted pipelines and
 * embedding sessions. A task looks its object up by key (for example registry path + model name +
 * version) and loads it only the first time in that executor JVM; Spark closures therefore carry
 * only the small key, never the model.
 *
 * <p>This is deliberately JVM-global state: an executor runs many tasks of many stages in one JVM
 * and only a static holder outlives them. Objects stay until {@link #closeAll()} or JVM exit (a
 * shutdown hook closes {@link AutoCloseable}s). Thread-safe: concurrent tasks of one executor load
 * a key once.
 */
public final class ExecutorCache {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorCache.class);
  private static final Map<String, Object> ENTRIES = new ConcurrentHashMap<>();

  /** Stack size of the thread that runs loaders: 16 MB. */
  public static final long LOADER_STACK_BYTES = 16L << 20;

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ExecutorCache::closeAll, "mle4j-executor-cache-close"));
  }

  private ExecutorCache() {}

  /**
   * The object of a key, loading it once per JVM.
   *
   * @param key the cache key
   * @param type the expected type
   * @param loader loads the object the first time
   * @param <T> the type
   * @return the shared object
   */
  public static <T> T get(String key, Class<T> type, Supplier<? extends T> loader) {
    Object value =
        ENTRIES.computeIfAbsent(
            key,
            k -> {
              long start = System.nanoTime();
              T loaded = onLoaderThread(k, loader);
              LOG.info(
                  "loaded {} in this JVM in {} ms", k, (System.nanoTime() - start) / 1_000_000);
              return loaded;
            });
    return type.cast(value);
  }

  /**
   * Runs a loader on a thread with a {@value #LOADER_STACK_BYTES}-byte stack. ONNX Runtime's native
   * start-up overflows the default 1 MB thread stack of Spark task threads (the JVM then dies with
   * SIGSEGV and no error file), so models are never opened on the task thread itself.
   */
  private static <T> T onLoaderThread(String key, Supplier<? extends T> loader) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result.set(loader.get());
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "mle4j-load-" + key,
            LOADER_STACK_BYTES);
    t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    t.setDaemon(true);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlException("interrupted while loading " + key, e);
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new MlException("loading " + key + " failed: " + e, e);
    }
    return result.get();
  }

  /**
   * Whether a key is loaded in this JVM.
   *
   * @param key the key
   * @return true if loaded
   */
  public static boolean contains(String key) {
    return ENTRIES.containsKey(key);
  }

  /**
   * How many objects this JVM holds.
   *
   * @return the count
   */
  public static int size() {
    return ENTRIES.size();
  }

  /** Closes and forgets every object (models, sessions) of this JVM. */
  public static void closeAll() {
    for (String key : ENTRIES.keySet()) {
      Object value = ENTRIES.remove(key);
      if (value instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing {} failed: {}", key, e.toString());
        }
      }
    }
  }
}
