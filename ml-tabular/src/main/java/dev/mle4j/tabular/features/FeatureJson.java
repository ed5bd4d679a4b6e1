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
  private static final List<NamedType> STEP_TYPES = List.of();

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
