package dev.mle4j.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.tabular.serving.ColumnProfile;
import dev.mle4j.tabular.serving.RowValidator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The {@code mapPartitions} function of {@link SparkScorer}: looks the model up in the executor's
 * {@link ExecutorCache} and scores the partition's rows in batches, lazily (a partition is never
 * held in memory whole). Serialized with the task: it holds only the model reference and options.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final ModelRef ref;
  private final String[] fields;
  private final String textColumn;
  private final int batchSize;
  private final boolean keepInvalid;

  PartitionScorer(
      ModelRef ref, String[] fields, String textColumn, int batchSize, boolean keepInvalid) {
    this.ref = ref;
    this.fields = fields.clone();
    this.textColumn = textColumn;
    this.batchSize = batchSize;
    this.keepInvalid = keepInvalid;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    ExecutorModel model = ExecutorModel.of(ref);
    return new Batches(model, rows);
  }

  /** Reads the next batch, scores it and hands out its rows. */
  private final class Batches implements Iterator<Row> {
    private final ExecutorModel model;
    private final Iterator<Row> source;
    private final RowValidator validator;
    private final List<String> validatorNames = new ArrayList<>();
    private final int[] validatorIndices;
    private final String textField;
    private List<Row> ready = List.of();
    private int next;
    private long seen;

    Batches(ExecutorModel model, Iterator<Row> source) {
      this.model = model;
      this.source = source;
      this.validator = model.rowValidator();
      this.textField = model.served().textField().orElse(null);
      if (validator != null) {
        for (ColumnProfile c : validator.columns()) {
          validatorNames.add(c.name());
        }
      }
      validatorIndices = new int[validatorNames.size()];
      for (int k = 0; k < validatorIndices.length; k++) {
        validatorIndices[k] = indexOf(validatorNames.get(k));
      }
    }

    private int indexOf(String name) {
      for (int i = 0; i < fields.length; i++) {
        if (fields[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public boolean hasNext() {
      if (next < ready.size()) {
        return true;
      }
      if (!source.hasNext()) {
        return false;
      }
      fill();
      return next < ready.size();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.get(next++);
    }

    private Object input(Row row) {
      if (validator != null) {
        return validator.validate(RowValues.map(row, validatorNames, validatorIndices));
      }
      ObjectNode json = RowValues.json(row, fields, textColumn, textField);
      return model.served().reader().read(json);
    }

    private void fill() {
      List<Row> batch = new ArrayList<>(batchSize);
      while (batch.size() < batchSize && source.hasNext()) {
        batch.add(source.next());
      }
      List<Object> inputs = new ArrayList<>(batch.size());
      List<Integer> positions = new ArrayList<>(batch.size());
      String[] errors = new String[batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        try {
          inputs.add(input(batch.get(i)));
          positions.add(i);
        } catch (InvalidInputException e) {
          if (!keepInvalid) {
            throw new MlException(
                "invalid input row (row "
                    + (seen + i + 1)
                    + " of its partition) for model '"
                    + ref.name()
                    + "': "
                    + e.getMessage()
                    + " (score with keepInvalidRows to write such rows with an error instead)",
                e);
          }
          errors[i] = e.getMessage();
        }
      }
      seen += batch.size();
      Object[][] predicted = new Object[batch.size()][];
      if (!inputs.isEmpty()) {
        if (model.isRegressor()) {
          double[] values = model.predict(inputs);
          for (int k = 0; k < values.length; k++) {
            predicted[positions.get(k)] = new Object[] {values[k]};
          }
        } else {
          List<Classification> out = model.classify(inputs);
          for (int k = 0; k < out.size(); k++) {
            Classification c = out.get(k);
            predicted[positions.get(k)] = new Object[] {c.label(), c.confidence()};
          }
        }
      }
      int width = model.isRegressor() ? 1 : 2;
      List<Row> result = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Row in = batch.get(i);
        int extra = width + 1 + (keepInvalid ? 1 : 0);
        Object[] values = new Object[fields.length + extra];
        for (int j = 0; j < fields.length; j++) {
          values[j] = in.get(j);
        }
        Object[] p = predicted[i];
        for (int j = 0; j < width; j++) {
          values[fields.length + j] = p == null ? null : p[j];
        }
        values[fields.length + width] = ref.version();
        if (keepInvalid) {
          values[fields.length + width + 1] = errors[i];
        }
        result.add(RowFactory.create(values));
      }
      ready = result;
      next = 0;
    }
  }
}
