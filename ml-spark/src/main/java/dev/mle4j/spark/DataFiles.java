package dev.mle4j.spark;

import dev.mle4j.core.MlException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Reads CSV or Parquet inputs and writes Parquet outputs for the Spark jobs. */
public final class DataFiles {

  /** Input file formats. */
  public enum Format {
    /** Decide by the path: {@code .csv}, {@code .csv.gz} and {@code .tsv} are CSV, else Parquet. */
    AUTO,
    /** CSV with a header row; every column is read as text and parsed by the model's reader. */
    CSV,
    /** Parquet (a file or a folder of part files). */
    PARQUET
  }

  private DataFiles() {}

  /**
   * Reads a table.
   *
   * <p>CSV columns stay text (no Spark type inference), and leading and trailing blanks are
   * trimmed, so a model's row validator parses each cell exactly as mle4j's single-machine CSV
   * reader does.
   *
   * @param spark the session
   * @param path a local path or any Hadoop file system URI ({@code hdfs://}, {@code s3a://}...)
   * @param format the format
   * @return the rows
   * @throws MlException when a local path does not exist or the file cannot be read
   */
  public static Dataset<Row> read(SparkSession spark, String path, Format format) {
    requireExists(path);
    Format f = format == Format.AUTO ? guess(path) : format;
    try {
      if (f == Format.CSV) {
        String sep = path.toLowerCase(Locale.ROOT).endsWith(".tsv") ? "\t" : ",";
        return spark
            .read()
            .option("header", "true")
            .option("inferSchema", "false")
            .option("sep", sep)
            .option("quote", "\"")
            .option("escape", "\"")
            .option("ignoreLeadingWhiteSpace", "true")
            .option("ignoreTrailingWhiteSpace", "true")
            .option("mode", "FAILFAST")
            .csv(path);
      }
      return spark.read().parquet(path);
    } catch (Exception e) {
      throw new MlException(
          "cannot read "
              + f.name().toLowerCase(Locale.ROOT)
              + " input "
              + path
              + ": "
              + SparkSessions.rootMessage(e),
          e);
    }
  }

  /**
   * Writes rows as Parquet.
   *
   * @param rows the rows
   * @param path the output folder
   * @param overwrite replace an existing output; otherwise an existing output is an error
   * @throws MlException when the output exists (and overwrite is off) or the job fails
   */
  public static void writeParquet(Dataset<Row> rows, String path, boolean overwrite) {
    if (!overwrite && isLocal(path) && Files.exists(Path.of(localPath(path)))) {
      throw new MlException(
          "output " + path + " already exists; remove it or pass overwrite (--overwrite)");
    }
    try {
      rows.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(path);
    } catch (Exception e) {
      throw SparkErrors.unwrap("writing " + path, e);
    }
  }

  static Format guess(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.endsWith(".csv") || p.endsWith(".csv.gz") || p.endsWith(".tsv")
        ? Format.CSV
        : Format.PARQUET;
  }

  static void requireExists(String path) {
    if (path == null || path.isBlank()) {
      throw new MlException("input path is empty");
    }
    if (isLocal(path) && !Files.exists(Path.of(localPath(path)))) {
      throw new MlException("input " + path + " does not exist");
    }
  }

  static boolean isLocal(String path) {
    return !path.contains("://") || path.startsWith("file:");
  }

  static String localPath(String path) {
    return path.startsWith("file:") ? Path.of(URI.create(path)).toString() : path;
  }
}
