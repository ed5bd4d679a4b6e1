package dev.mle4j.tabular.pipeline;

import dev.mle4j.core.MlException;
import java.time.Duration;

/**
 * How often a failing task is tried and how long to wait in between: the wait before attempt {@code
 * n+1} is {@code min(maxDelay, baseDelay * 2^(n-1))}.
 *
 * @param maxAttempts attempts in total (at least 1)
 * @param baseDelay the wait after the first failure
 * @param maxDelay the largest wait
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  /** Validates the parts. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new MlException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (baseDelay == null || baseDelay.isNegative() || maxDelay == null || maxDelay.isNegative()) {
      throw new MlException(
          "retry delays must be non-negative, got " + baseDelay + ", " + maxDelay);
    }
  }

  /**
   * No retries.
   *
   * @return a policy with one attempt
   */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /**
   * The wait after a failed attempt.
   *
   * @param failedAttempt the attempt that failed, from 1
   * @return the wait before the next attempt
   */
  public Duration delayAfter(int failedAttempt) {
    int shift = Math.min(Math.max(failedAttempt - 1, 0), 30);
    long millis = baseDelay.toMillis();
    long scaled = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
    return Duration.ofMillis(Math.min(scaled, maxDelay.toMillis()));
  }
}
