package dev.mle4j.spark;

import dev.mle4j.tabular.features.FittedPipeline;
import dev.mle4j.tabular.features.RowFrames;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** The {@code mapPartitions} function of {@link SparkFeatures}. */
final class PartitionFeatures implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String pipelineJson;
  private final String[] fields;
  private final List<String> keep;
  private final SparkFeatures.Layout layout;
  private final int batchSize;

  PartitionFeatures(
      String key,
      String pipelineJson,
      String[] fields,
      List<String> keep,
      SparkFeatures.Layout layout,
      int batchSize) {
    this.key = key;
    this.pipelineJson = pipelineJson;
    this.fields = fields.clone();
    this.keep = new ArrayList<>(keep);
    this.layout = layout;
    this.batchSize = batchSize;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    FittedPipeline pipeline =
        ExecutorCache.get(key, FittedPipeline.class, () -> FittedPipeline.fromJson(pipelineJson));
    List<String> inputNames = new ArrayList<>();
    pipeline.input().forEach(c -> inputNames.add(c.name()));
    int[] inputIdx = indices(inputNames);
    int[] keepIdx = indices(keep);
    return new Iterator<>() {
      private List<Row> ready = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        if (next < ready.size()) {
          return true;
        }
        if (!rows.hasNext()) {
          return false;
        }
        List<Row> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && rows.hasNext()) {
          batch.add(rows.next());
        }
        List<Map<String, Object>> maps = new ArrayList<>(batch.size());
        for (Row r : batch) {
          maps.add(RowValues.map(r, inputNames, inputIdx));
        }
        double[][] x = pipeline.transform(RowFrames.of(maps, pipeline.inputSchema())).rows();
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          Row r = batch.get(i);
          int width = layout == SparkFeatures.Layout.ARRAY ? 1 : x[i].length;
          Object[] values = new Object[keepIdx.length + width];
          for (int k = 0; k < keepIdx.length; k++) {
            values[k] = r.get(keepIdx[k]);
          }
          if (layout == SparkFeatures.Layout.ARRAY) {
            values[keepIdx.length] = x[i];
          } else {
            for (int j = 0; j < x[i].length; j++) {
              values[keepIdx.length + j] = x[i][j];
            }
          }
          out.add(RowFactory.create(values));
        }
        ready = out;
        next = 0;
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.get(next++);
      }
    };
  }

  private int[] indices(List<String> names) {
    int[] out = new int[names.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = -1;
      for (int i = 0; i < fields.length; i++) {
        if (fields[i].equals(names.get(k))) {
          out[k] = i;
        }
      }
    }
    return out;
  }
}
