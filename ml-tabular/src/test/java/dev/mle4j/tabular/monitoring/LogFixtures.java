package dev.mle4j.tabular.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.serving.PredictionLog;
import dev.mle4j.core.serving.PredictionRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes prediction logs with the real {@link PredictionLog}. */
final class LogFixtures {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private LogFixtures() {}

  static ObjectNode input(Map<String, ?> row) {
    return MAPPER.valueToTree(row);
  }

  static PredictionRecord cls(
      Instant t,
      String id,
      String version,
      Map<String, ?> in,
      String label,
      double conf,
      double ms) {
    return new PredictionRecord(t, id, "churn", version, input(in), label, conf, ms);
  }

  static PredictionRecord reg(
      Instant t, String id, String version, Map<String, ?> in, double value, double ms) {
    return PredictionRecord.ofRegression(t, id, "bikes", version, input(in), value, ms);
  }

  static Path write(Path file, List<PredictionRecord> records) {
    try (PredictionLog log = PredictionLog.builder(file).build()) {
      for (PredictionRecord r : records) {
        if (!log.offer(r)) {
          throw new IllegalStateException("log dropped a record");
        }
      }
    }
    return file;
  }
}
