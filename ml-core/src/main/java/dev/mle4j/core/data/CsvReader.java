package dev.mle4j.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads delimited text files (CSV, TSV) into a {@link CsvTable} with Jackson CSV. Every row must
 * have the same number of fields as the header (or the explicit column names, or the first row); a
 * malformed row stops the read with an {@link MlException} naming the file, the line and the
 * expected and actual field counts. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * CsvTable sms = CsvReader.builder()
 *     .separator('\t').header(false).columns(List.of("label", "text")).quoting(false)
 *     .build().read(path);
 * }</pre>
 */
public final class CsvReader {
  private static final char BOM = '\uFEFF';

  private final char separator;
  private final boolean header;
  private final List<String> columns;
  private final boolean quoting;
  private final char quoteChar;
  private final boolean trim;
  private final boolean skipBlankLines;
  private final Charset charset;

  private CsvReader(Builder b) {
    this.separator = b.separator;
    this.header = b.header;
    this.columns = b.columns;
    this.quoting = b.quoting;
    this.quoteChar = b.quoteChar;
    this.trim = b.trim;
    this.skipBlankLines = b.skipBlankLines;
    this.charset = b.charset;
  }

  /**
   * Starts a builder with the defaults: comma separator, a header row, quoting with {@code "}, no
   * trimming, blank lines skipped, UTF-8.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a file.
   *
   * @param file the file
   * @return the table
   * @throws MlException if the file is missing, unreadable, not in the charset, or malformed
   */
  public CsvTable read(Path file) {
    Objects.requireNonNull(file, "file");
    String source = file.toAbsolutePath().toString();
    try (Reader reader = Files.newBufferedReader(file, charset)) {
      return read(reader, source);
    } catch (NoSuchFileException e) {
      throw new MlException("Cannot read " + source + ": file not found", e);
    } catch (CharacterCodingException e) {
      throw new MlException(
          "Cannot read " + source + ": content is not valid " + charset + " (set the charset)", e);
    } catch (IOException e) {
      throw new MlException("Cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads text held in memory.
   *
   * @param text the content
   * @param source a name for error messages
   * @return the table
   * @throws MlException if the content is malformed
   */
  public CsvTable read(String text, String source) {
    try {
      return read(new StringReader(text), source);
    } catch (IOException e) {
      throw new MlException("Cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  private CsvTable read(Reader reader, String source) throws IOException {
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator).withoutHeader();
    schema = quoting ? schema.withQuoteChar(quoteChar) : schema.withoutQuoteChar();
    CsvFactory factory =
        CsvFactory.builder()
            .configure(CsvParser.Feature.TRIM_SPACES, trim)
            // Jackson's SKIP_EMPTY_LINES also eats leading spaces of the first field: skip here
            .configure(CsvParser.Feature.SKIP_EMPTY_LINES, false)
            .configure(CsvParser.Feature.WRAP_AS_ARRAY, false)
            .build();
    List<String> names = columns;
    List<String[]> rows = new ArrayList<>();
    long rowLine = 1;
    try (CsvParser parser = factory.createParser(reader)) {
      parser.setSchema(schema);
      boolean first = true;
      List<String> fields = new ArrayList<>();
      JsonToken token;
      while ((token = next(parser, source, rowLine)) != null) {
        if (token != JsonToken.START_ARRAY) {
          throw new MlException(
              source + ", line " + rowLine + ": unexpected CSV token " + token + " (internal)");
        }
        rowLine = parser.currentLocation().getLineNr();
        fields.clear();
        while ((token = next(parser, source, rowLine)) != JsonToken.END_ARRAY) {
          if (token == null) {
            throw new MlException(source + ", line " + rowLine + ": row is not terminated");
          }
          fields.add(parser.getText());
        }
        if (skipBlankLines && fields.size() == 1 && fields.get(0).isBlank()) {
          continue;
        }
        if (first && !fields.isEmpty() && !fields.get(0).isEmpty()) {
          String f0 = fields.get(0);
          if (f0.charAt(0) == BOM) {
            fields.set(0, f0.substring(1));
          }
        }
        if (first && header) {
          first = false;
          if (names == null) {
            names = List.copyOf(fields);
            checkHeader(names, source);
          } else if (names.size() != fields.size()) {
            throw new MlException(
                source
                    + ", line "
                    + rowLine
                    + ": header has "
                    + fields.size()
                    + " fields but "
                    + names.size()
                    + " column names were given: "
                    + names);
          }
          continue;
        }
        first = false;
        if (names == null) {
          names = defaultNames(fields.size());
        }
        if (fields.size() != names.size()) {
          throw new MlException(
              source
                  + ", line "
                  + rowLine
                  + ": expected "
                  + names.size()
                  + " fields but found "
                  + fields.size()
                  + " (separator "
                  + describe(separator)
                  + (quoting ? ", quote " + describe(quoteChar) : ", quoting off")
                  + ")");
        }
        rows.add(fields.toArray(String[]::new));
      }
      if (first && header && names == null) {
        throw new MlException(source + ": file is empty, expected a header row");
      }
    }
    return new CsvTable(names == null ? List.of() : names, rows);
  }

  private JsonToken next(CsvParser parser, String source, long rowLine) throws IOException {
    try {
      return parser.nextToken();
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      if (message != null && message.toLowerCase(Locale.ROOT).contains("quote")) {
        throw new MlException(
            source
                + ", line "
                + rowLine
                + ": unterminated quote "
                + describe(quoteChar)
                + " in the row starting on this line (reached line "
                + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                + "); if the data contains stray quote characters, turn quoting off",
            e);
      }
      throw new MlException(
          source
              + ", line "
              + (e.getLocation() == null ? rowLine : e.getLocation().getLineNr())
              + ": "
              + message,
          e);
    }
  }

  private static void checkHeader(List<String> names, String source) {
    for (int i = 0; i < names.size(); i++) {
      if (names.indexOf(names.get(i)) != i) {
        throw new MlException(
            source + ", line 1: duplicate column name '" + names.get(i) + "' in header " + names);
      }
    }
  }

  private static List<String> defaultNames(int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add("c" + i);
    }
    return List.copyOf(names);
  }

  private static String describe(char c) {
    return switch (c) {
      case '\t' -> "TAB";
      case ' ' -> "SPACE";
      default -> "'" + c + "'";
    };
  }

  /** Options for a {@link CsvReader}. */
  public static final class Builder {
    private char separator = ',';
    private boolean header = true;
    private List<String> columns;
    private boolean quoting = true;
    private char quoteChar = '"';
    private boolean trim;
    private boolean skipBlankLines = true;
    private Charset charset = StandardCharsets.UTF_8;

    private Builder() {}

    /**
     * Sets the field separator.
     *
     * @param separator e.g. {@code ','}, {@code '\t'}, {@code ';'}
     * @return this builder
     */
    public Builder separator(char separator) {
      if (separator == '\n' || separator == '\r') {
        throw new MlException("CSV separator cannot be a line break");
      }
      this.separator = separator;
      return this;
    }

    /**
     * Says whether the first row holds the column names.
     *
     * @param header true when the first row is a header (the default)
     * @return this builder
     */
    public Builder header(boolean header) {
      this.header = header;
      return this;
    }

    /**
     * Gives the column names explicitly. Without a header they name the fields; with a header they
     * replace the header's names (the counts must agree).
     *
     * @param columns unique column names
     * @return this builder
     */
    public Builder columns(List<String> columns) {
      List<String> copy = List.copyOf(Objects.requireNonNull(columns, "columns"));
      if (copy.isEmpty()) {
        throw new MlException("CSV column names: at least one is required");
      }
      checkHeader(copy, "CSV column names");
      this.columns = copy;
      return this;
    }

    /**
     * Turns quoting on or off. With quoting off, quote characters are plain text (needed for data
     * like the SMS Spam Collection whose texts contain stray {@code "}).
     *
     * @param quoting true to honour quoted fields (the default)
     * @return this builder
     */
    public Builder quoting(boolean quoting) {
      this.quoting = quoting;
      return this;
    }

    /**
     * Sets the quote character and turns quoting on.
     *
     * @param quoteChar e.g. {@code '"'} (the default) or {@code '\''}
     * @return this builder
     */
    public Builder quoteChar(char quoteChar) {
      if (quoteChar == separator) {
        throw new MlException("CSV quote character cannot equal the separator " + quoteChar);
      }
      this.quoteChar = quoteChar;
      this.quoting = true;
      return this;
    }

    /**
     * Trims spaces around unquoted fields.
     *
     * @param trim true to trim (default false)
     * @return this builder
     */
    public Builder trim(boolean trim) {
      this.trim = trim;
      return this;
    }

    /**
     * Skips blank lines (empty or only white space) instead of reading them as rows. In a
     * one-column file this also drops rows whose only field is blank.
     *
     * @param skip true to skip them (the default)
     * @return this builder
     */
    public Builder skipBlankLines(boolean skip) {
      this.skipBlankLines = skip;
      return this;
    }

    /**
     * Sets the file charset.
     *
     * @param charset the charset (default UTF-8)
     * @return this builder
     */
    public Builder charset(Charset charset) {
      this.charset = Objects.requireNonNull(charset, "charset");
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     */
    public CsvReader build() {
      if (quoting && quoteChar == separator) {
        throw new MlException("CSV quote character cannot equal the separator " + separator);
      }
      return new CsvReader(this);
    }
  }
}
