package dev.mle4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.SchemaInference;
import dev.mle4j.tabular.data.TableLoader;
import dev.mle4j.tabular.data.Target;
import dev.mle4j.tabular.features.Binning;
import dev.mle4j.tabular.features.DropColumns;
import dev.mle4j.tabular.features.FeatureMatrix;
import dev.mle4j.tabular.features.FeaturePipeline;
import dev.mle4j.tabular.features.FittedPipeline;
import dev.mle4j.tabular.features.FrequencyEncoder;
import dev.mle4j.tabular.features.Imputer;
import dev.mle4j.tabular.features.OneHotEncoder;
import dev.mle4j.tabular.features.Scalers;
import dev.mle4j.tabular.features.StepPipeline;
import dev.mle4j.tabular.features.TargetEncoder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fitted pipeline run by Spark equals the single-machine transform on real bike data. */
class SparkFeaturesTest {

  private static final List<String> DROPPED = List.of("casual", "registered", "cnt");

  @TempDir static Path tmp;
  private static Path csv;
  private static DataFrame bikes;
  private static FittedPipeline pipeline;
  private static SparkSession spark;

  @BeforeAll
  static void fit() {
    csv = TestSpark.data().resolve("tabular").resolve("bike-sharing-hour.csv");
    bikes =
        TableLoader.read(
            csv,
            SchemaInference.withOverrides(
                Map.of(
                    "instant", ColumnType.ID,
                    "season", ColumnType.CATEGORICAL,
                    "weathersit", ColumnType.CATEGORICAL,
                    "mnth", ColumnType.CATEGORICAL)));
    int[] train = new int[6000];
    Arrays.setAll(train, i -> i);
    DataFrame trainRows = bikes.rows(train);
    Target y = Target.regression("cnt", trainRows.numeric("cnt"));
    FeaturePipeline steps =
        StepPipeline.of(
            List.of(
                DropColumns.ofTypes(Set.of(ColumnType.ID)),
                Imputer.defaults(),
                FrequencyEncoder.of(List.of("mnth"), true),
                TargetEncoder.of(List.of("mnth"), 10.0),
                OneHotEncoder.defaults(),
                Binning.quantile(5, true, List.of("hum")),
                Scalers.standard(List.of("temp", "atemp", "windspeed"))));
    pipeline = steps.fit(trainRows.drop(DROPPED), y).pipeline();
    spark = TestSpark.session();
  }

  @Test
  void sparkFeaturesEqualTheSingleMachineTransformRowForRow() {
    FeatureMatrix expected = pipeline.transform(bikes);
    assertThat(expected.names().size()).isGreaterThan(10);

    Dataset<Row> input = DataFiles.read(spark, csv.toString(), DataFiles.Format.CSV);
    SparkFeatures features =
        SparkFeatures.builder(pipeline).keepColumns(List.of("instant")).batchSize(500).build();
    Dataset<Row> out = features.transform(input);
    assertThat(out.columns()).hasSize(1 + expected.names().size());
    assertThat(Arrays.asList(out.columns()).subList(1, out.columns().length))
        .containsExactlyElementsOf(expected.names());

    Map<String, double[]> byId = new HashMap<>();
    int width = expected.names().size();
    for (Row r : out.collectAsList()) {
      double[] v = new double[width];
      for (int j = 0; j < width; j++) {
        v[j] = r.getDouble(1 + j);
      }
      byId.put(r.getString(0), v);
    }
    String[] ids = bikes.strings("instant");
    assertThat(byId).hasSize(ids.length);
    for (int i = 0; i < ids.length; i++) {
      double[] got = byId.get(ids[i]);
      assertThat(Arrays.equals(got, expected.rows()[i]))
          .as(
              "row %s: spark %s vs single machine %s",
              ids[i], Arrays.toString(got), Arrays.toString(expected.rows()[i]))
          .isTrue();
    }
  }

  @Test
  void arrayLayoutAndParquetRoundTrip() {
    Dataset<Row> input =
        DataFiles.read(spark, csv.toString(), DataFiles.Format.CSV).limit(300).repartition(3);
    String out = tmp.resolve("features.parquet").toString();
    DataFiles.writeParquet(
        SparkFeatures.builder(pipeline)
            .keepColumns(List.of("instant", "cnt"))
            .layout(SparkFeatures.Layout.ARRAY)
            .build()
            .transform(input),
        out,
        false);
    List<Row> rows = spark.read().parquet(out).collectAsList();
    assertThat(rows).hasSize(300);
    Map<String, Integer> index = new HashMap<>();
    String[] ids = bikes.strings("instant");
    for (int i = 0; i < ids.length; i++) {
      index.put(ids[i], i);
    }
    FeatureMatrix expected = pipeline.transform(bikes.rows(new int[] {0}));
    assertThat(expected.size()).isEqualTo(1);
    for (Row r : rows) {
      List<Double> v = r.getList(2);
      assertThat(v).hasSize(pipeline.features().size());
      double[] want =
          pipeline.transform(bikes.rows(new int[] {index.get(r.getString(0))})).rows()[0];
      for (int j = 0; j < want.length; j++) {
        assertThat(v.get(j)).isEqualTo(want[j]);
      }
    }
    assertThatThrownBy(() -> DataFiles.writeParquet(spark.read().parquet(out), out, false))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void missingInputColumnIsNamed() {
    Dataset<Row> input = DataFiles.read(spark, csv.toString(), DataFiles.Format.CSV).drop("temp");
    assertThatThrownBy(() -> SparkFeatures.builder(pipeline).build().transform(input))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("input lacks column(s) [temp]");
  }
}
