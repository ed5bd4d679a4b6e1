package dev.mle4j.spark;

/**
 * What a file scoring job did.
 *
 * @param model the model name
 * @param modelVersion the version that scored every row
 * @param rows rows written
 * @param invalidRows rows written without a prediction because their input was invalid (0 unless
 *     invalid rows are kept)
 * @param seconds wall time of the job
 * @param output the output folder
 */
public record ScoreResult(
    String model, String modelVersion, long rows, long invalidRows, double seconds, String output) {

  /**
   * Rows per second.
   *
   * @return rows / seconds
   */
  public double rowsPerSecond() {
    return seconds <= 0 ? 0 : rows / seconds;
  }
}
