package dev.mle4j.core.config;

import java.util.List;

/**
 * Implemented by configuration records that check their own values beyond what types express
 * (ranges, consistency between fields). {@link ConfigLoader} calls {@link #violations()} on the
 * loaded object and on every nested object that implements this interface, and reports each
 * violation with its full field path and file position, e.g. {@code split.train: must be in (0,1),
 * got 1.5 (line 4, column 10)}.
 */
public interface Validated {

  /**
   * Checks this object's values.
   *
   * @return the problems found; empty when the object is valid
   */
  List<Violation> violations();
}
