package dev.mle4j.spark;

import dev.mle4j.core.MlException;

/** Turns Spark job failures into one clear {@link MlException}. */
final class SparkErrors {

  private SparkErrors() {}

  /**
   * The {@link MlException} a task threw (Spark wraps it in a {@code SparkException} with the stage
   * and executor), or a new one with the root cause's message.
   */
  static MlException unwrap(String what, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MlException m) {
        return new MlException(what + " failed: " + m.getMessage(), e);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return new MlException(what + " failed: " + SparkSessions.rootMessage(e), e);
  }
}
