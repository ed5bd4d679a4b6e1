package dev.mle4j.tabular.features;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.mle4j.tabular.data.DataFrame;

/**
 * A transformation whose parameters were learned from training rows. Fitted steps are immutable
 * values that serialise to JSON (each implementation is a record registered in {@link
 * FeatureJson}), so a pipeline saved after training transforms serving rows with exactly the same
 * parameters.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface FittedStep {

  /**
   * Transforms rows: any number, including a single serving row.
   *
   * @param frame the input columns
   * @return the output columns
   * @throws dev.mle4j.core.MlException if a needed column is missing or has the wrong type
   */
  DataFrame transform(DataFrame frame);
}
