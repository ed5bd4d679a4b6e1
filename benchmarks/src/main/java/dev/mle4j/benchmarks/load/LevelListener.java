package dev.mle4j.benchmarks.load;

/**
 * Told by a {@link LoadRunner} when each level's measured window is fixed and when the level is
 * over, on the runner's thread, e.g. to read the server-side statistics of exactly that window.
 *
 * <p>Times are {@link System#nanoTime()} values: every measured request started at or after {@code
 * measureFromNanos} and had completed by {@code endNanos}. Requests started during the warm-up (at
 * most one per virtual user) may still have been in flight at {@code measureFromNanos}.
 */
@FunctionalInterface
public interface LevelListener {

  /**
   * Called once the level's virtual users exist and its window is fixed, before the warm-up ends
   * (so {@code measureFromNanos} is usually still ahead); the default does nothing. It must return
   * quickly: the users are already running. An exception it throws is logged and ignored.
   *
   * @param target the target
   * @param concurrency the level's virtual users
   * @param measureFromNanos start of the measured window
   */
  default void onMeasureStart(LoadTarget target, int concurrency, long measureFromNanos) {}

  /**
   * Receives one finished level, before the next level starts.
   *
   * @param result the level's client-side result
   * @param measureFromNanos start of the measured window
   * @param endNanos end of the level: every virtual user had stopped
   */
  void onLevel(LevelResult result, long measureFromNanos, long endNanos);
}
