package dev.mle4j.tabular.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A regression model trained on {@code log1p(target)} whose predictions are mapped back to the
 * target's scale with {@code expm1}, so a saved model predicts prices, counts, ... directly.
 *
 * <p>Saved as {@code log-target.json} plus the inner model in {@code inner/}.
 */
public final class LogTargetModel implements TabularModel {

  /** The format id. */
  public static final String FORMAT = "log1p-target/v1";

  private static final String MANIFEST = "log-target.json";
  private static final String INNER = "inner";

  private final TabularModel inner;

  /**
   * Wraps a model that predicts {@code log1p(target)}.
   *
   * @param inner the regression model in log space (owned by this model)
   */
  public LogTargetModel(TabularModel inner) {
    if (!inner.labels().isEmpty()) {
      throw new MlException("a log target applies to regression models only");
    }
    this.inner = inner;
  }

  /**
   * The model in log space.
   *
   * @return the inner model
   */
  public TabularModel inner() {
    return inner;
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public List<String> featureNames() {
    return inner.featureNames();
  }

  @Override
  public List<String> labels() {
    return List.of();
  }

  @Override
  public double[][] predict(double[][] rows) {
    double[][] p = inner.predict(rows);
    double[][] out = new double[p.length][1];
    for (int i = 0; i < p.length; i++) {
      out[i][0] = Math.expm1(p[i][0]);
    }
    return out;
  }

  @Override
  public Map<String, Double> featureImportance() {
    return inner.featureImportance();
  }

  @Override
  public void save(Path dir) {
    try {
      Path innerDir = dir.resolve(INNER);
      Files.createDirectories(innerDir);
      inner.save(innerDir);
      new ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(
              dir.resolve(MANIFEST).toFile(),
              Map.of("format", FORMAT, "transform", "log1p", "inner_format", inner.format()));
    } catch (IOException e) {
      throw new MlException(
          "cannot save the log-target model in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    inner.close();
  }

  /** Reads {@link LogTargetModel}s. */
  public static final class Reader implements TabularModelReader {

    /** Creates the reader (used by {@link java.util.ServiceLoader}). */
    public Reader() {}

    @Override
    public Set<String> formats() {
      return Set.of(FORMAT);
    }

    @Override
    public TabularModel read(Path dir, String format) {
      Path manifest = dir.resolve(MANIFEST);
      if (!Files.isRegularFile(manifest)) {
        throw new MlException("log-target model in " + dir + " lacks " + MANIFEST);
      }
      try {
        var node = new ObjectMapper().readTree(manifest.toFile());
        String innerFormat = node.path("inner_format").asText("");
        if (innerFormat.isEmpty()) {
          throw new MlException(manifest + " names no inner_format");
        }
        return new LogTargetModel(TabularModels.load(dir.resolve(INNER), innerFormat));
      } catch (IOException e) {
        throw new MlException("cannot read " + manifest + ": " + e.getMessage(), e);
      }
    }
  }
}
