package dev.mle4j.tabular.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mle4j.core.config.Validated;
import dev.mle4j.core.config.Violation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tabular problem described in a YAML or JSON file (read with {@link
 * dev.mle4j.core.config.ConfigLoader}), e.g.
 *
 * <pre>{@code
 * csv: houses.csv            # relative to the config file
 * target: price
 * task: regression           # or classification; omit to infer
 * id_column: id
 * time_column: sold_at
 * drop: [agent_fee]          # e.g. columns that leak the target
 * types: {zip: categorical, built: datetime}
 * log_target: true
 * metric: rmse_log
 * expressions: ["rooms_per_person = rooms / people"]
 * }</pre>
 *
 * @param csv the CSV file, absolute or relative to the config file
 * @param target the target column
 * @param task {@code regression}, {@code classification} or null to infer
 * @param idColumn the row id column or null
 * @param timeColumn the time column or null
 * @param drop columns to leave out
 * @param types column type overrides (numeric, categorical, boolean, datetime, text, id)
 * @param logTarget whether to learn log1p(target); null decides from the data
 * @param metric the metric that picks the best model, or null for the task default
 * @param expressions domain features such as {@code ratio = a / b}
 */
public record TabularConfig(
    @JsonProperty(value = "csv", required = true) String csv,
    @JsonProperty(value = "target", required = true) String target,
    @JsonProperty("task") String task,
    @JsonProperty("id_column") String idColumn,
    @JsonProperty("time_column") String timeColumn,
    @JsonProperty("drop") List<String> drop,
    @JsonProperty("types") Map<String, String> types,
    @JsonProperty("log_target") Boolean logTarget,
    @JsonProperty("metric") String metric,
    @JsonProperty("expressions") List<String> expressions)
    implements Validated {

  /** Defaults the optional collections. */
  public TabularConfig {
    drop = drop == null ? List.of() : List.copyOf(drop);
    types = types == null ? Map.of() : new LinkedHashMap<>(types);
    expressions = expressions == null ? List.of() : List.copyOf(expressions);
  }

  @Override
  public List<Violation> violations() {
    List<Violation> v = new ArrayList<>();
    if (target == null || target.isBlank()) {
      v.add(new Violation("target", "must name the target column"));
    }
    if (task != null && parseTask(task) == null) {
      v.add(new Violation("task", "must be regression or classification, got '" + task + "'"));
    }
    for (Map.Entry<String, String> e : types.entrySet()) {
      if (parseType(e.getValue()) == null) {
        v.add(
            new Violation(
                "types." + e.getKey(),
                "must be one of numeric, categorical, boolean, datetime, text, id, got '"
                    + e.getValue()
                    + "'"));
      }
    }
    return v;
  }

  /**
   * The CSV file.
   *
   * @param configDir the folder of the config file
   * @return the resolved path
   */
  public Path csvPath(Path configDir) {
    Path p = Path.of(csv);
    return p.isAbsolute() ? p : configDir.resolve(p).normalize();
  }

  /**
   * The problem description for {@link TabularDatasets#fromCsv}.
   *
   * @return the problem
   */
  public CsvProblem problem() {
    CsvProblem.Builder b =
        CsvProblem.builder(target)
            .task(task == null ? null : parseTask(task))
            .idColumn(idColumn)
            .timeColumn(timeColumn)
            .logTarget(logTarget)
            .primaryMetric(metric);
    if (!drop.isEmpty()) {
      b.drop(drop, "dropped by the config file");
    }
    types.forEach((c, t) -> b.type(c, parseType(t)));
    return b.build();
  }

  private static TabularTask parseTask(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "regression" -> TabularTask.REGRESSION;
      case "classification" -> TabularTask.CLASSIFICATION;
      default -> null;
    };
  }

  private static ColumnType parseType(String s) {
    for (ColumnType t : ColumnType.values()) {
      if (t.name().equalsIgnoreCase(s)) {
        return t;
      }
    }
    return null;
  }
}
