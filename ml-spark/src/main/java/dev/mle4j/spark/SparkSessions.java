package dev.mle4j.spark;

import dev.mle4j.core.MlException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * Opens {@link SparkSession}s for mle4j jobs: a {@code local[N]} session on this machine (driver
 * bound to {@code 127.0.0.1}, web UI off) or a session against any cluster master URL.
 *
 * <p>The driver JVM needs Spark's module flags ({@link #JVM_FLAGS}); {@code spark-submit} adds them
 * itself, an embedded driver (tests, the {@code mle4j spark} command) must be started with them.
 */
public final class SparkSessions {

  /** Spark 4.2's {@code JavaModuleOptions}: what a driver or executor JVM needs on JDK 17+. */
  public static final List<String> JVM_FLAGS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true");

  private static final Pattern LOCAL =
      Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,\\s*[0-9]+)?\\])?");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[[1-9][0-9]*,\\s*[1-9][0-9]*,\\s*[1-9][0-9]*\\]");
  private static final List<String> CLUSTER_PREFIXES = List.of("spark://", "k8s://", "yarn");

  private SparkSessions() {}

  /**
   * Checks a master URL before Spark sees it, so a typo gets one clear line instead of a stack
   * trace from deep inside the SparkContext.
   *
   * @param master {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}, {@code
   *     local-cluster[..]}, {@code spark://host:port}, {@code yarn} or {@code k8s://https://host}
   * @return the master, trimmed
   * @throws MlException naming the accepted forms
   */
  public static String checkMaster(String master) {
    String m = master == null ? "" : master.strip();
    if (LOCAL.matcher(m).matches() || LOCAL_CLUSTER.matcher(m).matches()) {
      return m;
    }
    String lower = m.toLowerCase(Locale.ROOT);
    for (String prefix : CLUSTER_PREFIXES) {
      if (lower.startsWith(prefix)
          && (prefix.equals("yarn") ? lower.equals("yarn") : m.length() > prefix.length())) {
        return m;
      }
    }
    throw new MlException(
        "invalid Spark master URL '"
            + m
            + "'; use local, local[N], local[*], spark://HOST:PORT, yarn or k8s://https://HOST:PORT");
  }

  /**
   * Opens (or joins) the session for a master URL with mle4j's defaults.
   *
   * @param master the master URL (see {@link #checkMaster(String)})
   * @param appName the application name shown by the cluster manager
   * @return the session; the caller stops it
   * @throws MlException for an invalid master URL or when Spark cannot start
   */
  public static SparkSession open(String master, String appName) {
    return open(master, appName, Map.of());
  }

  /**
   * Opens (or joins) a session with extra Spark settings.
   *
   * <p>For {@code local} masters the driver binds to {@code 127.0.0.1} (unless {@code
   * spark.driver.host} is given), the web UI is off and shuffles use 4 partitions.
   *
   * @param master the master URL
   * @param appName the application name
   * @param conf extra settings such as {@code spark.executor.memory}; they win over the defaults
   * @return the session
   * @throws MlException for an invalid master URL or when Spark cannot start
   */
  public static SparkSession open(String master, String appName, Map<String, String> conf) {
    String m = checkMaster(master);
    SparkSession.Builder b = SparkSession.builder().master(m).appName(appName);
    if (m.startsWith("local")) {
      b.config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4");
    }
    conf.forEach(b::config);
    try {
      return b.getOrCreate();
    } catch (Exception e) {
      throw new MlException("cannot start Spark with master '" + m + "': " + rootMessage(e), e);
    } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
      throw new MlException(
          "cannot start Spark with master '"
              + m
              + "' (is the JVM started with Spark's --add-opens flags? see"
              + " SparkSessions.JVM_FLAGS): "
              + rootMessage(e),
          e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
