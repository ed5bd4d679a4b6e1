package dev.mle4j.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The test JVM's one local[2] session and the shared data folder. */
final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  /** The local[2] session, created once per test JVM (stopped at JVM exit). */
  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.open("local[2]", "mle4j-spark-tests");
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The shared data folder; skips the test when it is absent. */
  static Path data() {
    for (String candidate :
        new String[] {
          System.getProperty("mle4j.data"), System.getenv("MLE4J_DATA"), "../../shared/data"
        }) {
      if (candidate != null && Files.isDirectory(Path.of(candidate, "tabular"))) {
        return Path.of(candidate).toAbsolutePath().normalize();
      }
    }
    assumeTrue(false, "shared data not found: set MLE4J_DATA to the shared data folder");
    return null;
  }
}
