package dev.mle4j.tabular.ensemble;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.model.TabularModel;
import dev.mle4j.tabular.model.TabularModelReader;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads the ensemble formats {@value AveragingModel#FORMAT}, {@value StackingModel#FORMAT} and the
 * linear meta-model format {@value LinearMetaModel#FORMAT}; sub-models are loaded through {@link
 * dev.mle4j.tabular.model.TabularModels#load}.
 */
public final class EnsembleModelReader implements TabularModelReader {

  /** Creates the reader (called by {@link java.util.ServiceLoader}). */
  public EnsembleModelReader() {}

  @Override
  public Set<String> formats() {
    return Set.of(AveragingModel.FORMAT, StackingModel.FORMAT, LinearMetaModel.FORMAT);
  }

  @Override
  public TabularModel read(Path dir, String format) {
    if (AveragingModel.FORMAT.equals(format)) {
      return AveragingModel.read(dir);
    }
    if (StackingModel.FORMAT.equals(format)) {
      return StackingModel.read(dir);
    }
    if (LinearMetaModel.FORMAT.equals(format)) {
      return LinearMetaModel.read(dir);
    }
    throw new MlException("EnsembleModelReader cannot read format '" + format + "'");
  }
}
