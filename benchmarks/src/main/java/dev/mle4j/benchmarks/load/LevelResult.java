package dev.mle4j.benchmarks.load;

import dev.mle4j.core.MlException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measured outcome of one target at one concurrency level (warm-up excluded).
 *
 * <p>{@code requests} counts every request sent in the measured window that completed, with or
 * without error; {@code errors} is the part of it that failed, split by kind in {@code
 * errorsByKind}: {@code http_<status>} for a non-2xx response, {@link #ERROR_TIMEOUT} and {@link
 * #ERROR_CONNECTION}. {@code throughputPerS} counts successful (2xx) responses per second. The
 * latencies cover every request that received a full HTTP response (any status); they are {@code
 * NaN} when no request got one.
 *
 * @param target target name
 * @param concurrency number of virtual users
 * @param requests requests completed in the measured window
 * @param errors failed requests among them
 * @param errorsByKind failed requests by kind (sorted by kind; copied)
 * @param durationSeconds measured wall time in seconds
 * @param throughputPerS successful requests per second
 * @param p50Ms median latency in milliseconds
 * @param p95Ms 95th percentile latency in milliseconds
 * @param p99Ms 99th percentile latency in milliseconds
 * @param maxMs maximum latency in milliseconds
 * @param meanMs mean latency in milliseconds
 */
public record LevelResult(
    String target,
    int concurrency,
    long requests,
    long errors,
    Map<String, Long> errorsByKind,
    double durationSeconds,
    double throughputPerS,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double maxMs,
    double meanMs) {

  /** Error kind of a request that got no response within the request timeout. */
  public static final String ERROR_TIMEOUT = "timeout";

  /** Error kind of a request whose connection could not be made or broke. */
  public static final String ERROR_CONNECTION = "connection";

  /** Validates and copies the components. */
  public LevelResult {
    if (target == null || target.isBlank()) {
      throw new MlException("LevelResult: target must not be blank");
    }
    if (concurrency < 1) {
      throw new MlException("LevelResult '" + target + "': concurrency must be >= 1");
    }
    if (requests < 0 || errors < 0 || errors > requests) {
      throw new MlException(
          "LevelResult '"
              + target
              + "': need 0 <= errors <= requests, got errors="
              + errors
              + " requests="
              + requests);
    }
    errorsByKind =
        Collections.unmodifiableMap(new TreeMap<>(errorsByKind == null ? Map.of() : errorsByKind));
    long sum = errorsByKind.values().stream().mapToLong(Long::longValue).sum();
    if (sum != errors) {
      throw new MlException(
          "LevelResult '" + target + "': errorsByKind adds up to " + sum + " but errors=" + errors);
    }
  }

  /**
   * Error kind for a response with a non-2xx status.
   *
   * @param status HTTP status code
   * @return {@code http_<status>}
   */
  public static String statusKind(int status) {
    return "http_" + status;
  }

  /**
   * Key of this result in {@code metrics.json}: {@code <target>@c<concurrency>}.
   *
   * @return the key
   */
  public String key() {
    return target + "@c" + concurrency;
  }
}
