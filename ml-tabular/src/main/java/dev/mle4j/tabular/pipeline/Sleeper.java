package dev.mle4j.tabular.pipeline;

import java.time.Duration;

/** Waits between retries; injectable so tests need not sleep. */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits.
   *
   * @param duration how long
   * @throws InterruptedException if interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The real sleeper ({@link Thread#sleep(Duration)}).
   *
   * @return the sleeper
   */
  static Sleeper system() {
    return Thread::sleep;
  }
}
