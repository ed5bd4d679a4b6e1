package dev.mle4j.tabular.features;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.util.List;

/**
 * The JSON mapping of fitted pipelines: every {@link FittedStep} record type is registered here
 * under a stable name, which is what the {@code "type"} field of a saved step holds.
 */
public final class FeatureJson {

  /** Fitted step types and their names in saved JSON. */
  private static final List<NamedType> STEP_TYPES =
      List.of(
          new NamedType(Imputer.FittedImputer.class, "imputer"),
          new NamedType(OutlierCapper.FittedCapper.class, "outlier-capper"),
          new NamedType(Scalers.FittedScaler.class, "scaler"),
          new NamedType(Log1pTransform.FittedLog1p.class, "log1p"),
          new NamedType(PolynomialFeatures.FittedPolynomial.class, "polynomial"),
          new NamedType(Binning.FittedBinning.class, "binning"),
          new NamedType(OneHotEncoder.FittedOneHot.class, "one-hot"),
          new NamedType(OrdinalEncoder.FittedOrdinal.class, "ordinal"),
          new NamedType(TargetEncoder.FittedTargetEncoder.class, "target-encoder"),
          new NamedType(FrequencyEncoder.FittedFrequency.class, "frequency"),
          new NamedType(DatetimeFeatures.FittedDatetime.class, "datetime"),
          new NamedType(FeatureCross.FittedCross.class, "feature-cross"),
          new NamedType(ExpressionFeature.FittedExpression.class, "expression"),
          new NamedType(GroupStatistics.FittedGroupStats.class, "group-stats"),
          new NamedType(DropColumns.FittedDrop.class, "drop"),
          new NamedType(FeatureSelector.class, "select"),
          new NamedType(FittedSequence.class, "sequence"));

  private FeatureJson() {}

  /**
   * A new mapper that reads and writes fitted pipelines.
   *
   * @return the mapper
   */
  public static ObjectMapper mapper() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    mapper.registerSubtypes(STEP_TYPES.toArray(NamedType[]::new));
    return mapper;
  }
}
