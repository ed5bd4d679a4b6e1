package dev.mle4j.tabular.serving;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import dev.mle4j.core.Regressor;
import dev.mle4j.core.serving.ServedModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The {@link ModelLoader} for {@value TabularArtifact#CARD_FORMAT} artifacts (classification and
 * regression), found through {@link java.util.ServiceLoader}. Served models read JSON instances
 * {@code {"column": value, ...}} with the artifact's {@link RowValidator}.
 */
public final class TabularModelLoader implements ModelLoader {

  /** The input kind of tabular models: one table row as a JSON object. */
  public static final String INPUT_KIND = "row";

  /** Creates the loader (used by {@link java.util.ServiceLoader}). */
  public TabularModelLoader() {}

  @Override
  public Set<String> formats() {
    return Set.of(TabularArtifact.CARD_FORMAT);
  }

  @Override
  public String inputKind() {
    return INPUT_KIND;
  }

  @Override
  public boolean isRegressor(ModelCard card) {
    String task = card.task().toLowerCase(Locale.ROOT);
    return task.contains("regression") || (card.labels().isEmpty() && !task.contains("class"));
  }

  @Override
  public Classifier<?> load(Path dir, ModelCard card) {
    if (isRegressor(card)) {
      throw new MlException(
          "model '" + card.name() + "' is a regression model; load it with loadRegressor()");
    }
    return predictor(dir, card).classifier();
  }

  @Override
  public Regressor<?> loadRegressor(Path dir, ModelCard card) {
    if (!isRegressor(card)) {
      throw new MlException(
          "model '" + card.name() + "' is a classification model; load it with load()");
    }
    return predictor(dir, card).regressor();
  }

  @Override
  public ServedModel<?> loadServed(String name, String version, Path dir, ModelCard card) {
    return predictor(dir, card).served(name, version);
  }

  private static TabularPredictor predictor(Path dir, ModelCard card) {
    TabularPredictor p = TabularPredictor.of(TabularArtifact.load(dir, card));
    boolean regression = new TabularModelLoader().isRegressor(card);
    if (regression != (p.task() == dev.mle4j.tabular.data.TabularTask.REGRESSION)) {
      p.close();
      throw new MlException(
          "model '"
              + card.name()
              + "': its card says task '"
              + card.task()
              + "' but the artifact holds a "
              + p.task().name().toLowerCase(Locale.ROOT)
              + " model");
    }
    return p;
  }
}
