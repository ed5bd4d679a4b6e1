package dev.mle4j.benchmarks.jmh;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import dev.mle4j.tabular.serving.TabularPredictions;
import dev.mle4j.tabular.serving.TabularPredictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serving-path latency of a saved tabular artifact (validation + feature pipeline + model), one row
 * as a JSON-like map and a batch of rows, on the rows of the CSV it was trained on.
 *
 * <p>Run: {@code java -Dmle4j.bench.artifact=outputs/tabular/titanic/model
 * -Dmle4j.bench.csv=$MLE4J_DATA/tabular/titanic.csv -jar benchmarks/target/benchmarks-*-jmh.jar
 * TabularPredictorBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class TabularPredictorBenchmark {

  /** Rows per call. */
  @Param({"1", "32"})
  public int batchSize;

  private TabularPredictor predictor;
  private List<Map<String, Object>> rows;
  private int cursor;

  /** Loads the artifact and the rows. */
  @Setup(Level.Trial)
  public void setUp() {
    Path artifact =
        Path.of(System.getProperty("mle4j.bench.artifact", "outputs/tabular/titanic/model"));
    Path csv = Path.of(System.getProperty("mle4j.bench.csv", "../shared/data/tabular/titanic.csv"));
    if (!Files.isDirectory(artifact) || !Files.isRegularFile(csv)) {
      throw new MlException(
          "set -Dmle4j.bench.artifact=<saved tabular model folder> and -Dmle4j.bench.csv=<its CSV>");
    }
    predictor = TabularPredictor.load(artifact);
    // read the CSV with the artifact's column types (a CSV of the same data may infer others,
    // e.g. Y/N as boolean where the model saw categories)
    Map<String, dev.mle4j.tabular.data.ColumnType> types = new java.util.LinkedHashMap<>();
    dev.mle4j.core.data.CsvTable raw = dev.mle4j.core.data.CsvReader.builder().build().read(csv);
    List<String> header = raw.columns();
    for (dev.mle4j.tabular.data.ColumnSpec c :
        predictor.artifact().pipeline().inputSchema().columns()) {
      if (header.contains(c.name())) {
        types.put(c.name(), c.type());
      }
    }
    DataFrame frame = TableLoader.read(csv, SchemaInference.withOverrides(types));
    List<String> input = predictor.artifact().pipeline().inputSchema().names();
    rows = new ArrayList<>();
    for (int i = 0; i < frame.rows(); i++) {
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      for (String c : input) {
        if (frame.has(c)) {
          Object v = frame.value(i, c);
          // strings as a client sends them (the raw cell), numbers parsed
          row.put(c, v instanceof Double d ? (d.isNaN() ? null : d) : raw.value(i, c));
        }
      }
      rows.add(row);
    }
  }

  /** Closes the model. */
  @TearDown(Level.Trial)
  public void tearDown() {
    predictor.close();
  }

  /**
   * Predicts the next {@code batchSize} rows.
   *
   * @return the predictions
   */
  @Benchmark
  public TabularPredictions predict() {
    int from = cursor;
    cursor = (cursor + batchSize) % (rows.size() - batchSize);
    return batchSize == 1
        ? predictor.predictRow(rows.get(from))
        : predictor.predictRows(rows.subList(from, from + batchSize));
  }
}
