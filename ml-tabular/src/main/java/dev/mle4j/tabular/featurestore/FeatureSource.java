package dev.mle4j.tabular.featurestore;

import dev.mle4j.tabular.data.DataFrame;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/** Where the rows of a {@link FeatureView} come from: a CSV file, a Parquet file or a frame. */
public sealed interface FeatureSource {

  /**
   * A CSV file with a header row (read with DuckDB {@code read_csv_auto}).
   *
   * @param file the file
   */
  record Csv(Path file) implements FeatureSource {
    /**
     * Checks the path.
     *
     * @param file the file
     */
    public Csv {
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * A Parquet file (or a glob of files) read with DuckDB {@code read_parquet}.
   *
   * @param file the file
   */
  record Parquet(Path file) implements FeatureSource {
    /**
     * Checks the path.
     *
     * @param file the file
     */
    public Parquet {
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * Rows already in memory.
   *
   * @param frame the rows
   */
  record Frame(DataFrame frame) implements FeatureSource {
    /**
     * Checks the frame.
     *
     * @param frame the rows
     */
    public Frame {
      Objects.requireNonNull(frame, "frame");
    }
  }

  /**
   * A CSV source.
   *
   * @param file the CSV file
   * @return the source
   */
  static FeatureSource csv(Path file) {
    return new Csv(file);
  }

  /**
   * A Parquet source.
   *
   * @param file the Parquet file
   * @return the source
   */
  static FeatureSource parquet(Path file) {
    return new Parquet(file);
  }

  /**
   * An in-memory source.
   *
   * @param frame the rows
   * @return the source
   */
  static FeatureSource frame(DataFrame frame) {
    return new Frame(frame);
  }

  /**
   * A file source chosen by extension: {@code .parquet} is Parquet, anything else CSV.
   *
   * @param file the file
   * @return the source
   */
  static FeatureSource file(Path file) {
    Objects.requireNonNull(file, "file");
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".parquet") ? new Parquet(file) : new Csv(file);
  }

  /**
   * A short description for messages.
   *
   * @return e.g. {@code CSV file /data/x.csv}
   */
  default String describe() {
    if (this instanceof Csv c) {
      return "CSV file " + c.file();
    }
    if (this instanceof Parquet p) {
      return "Parquet file " + p.file();
    }
    return "an in-memory frame";
  }
}
