package dev.mle4j.tabular.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mle4j.core.serving.InputReader;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks one input row against what training saw ({@link TabularMetadata#input()}) and turns it
 * into the values the feature pipeline reads: {@link Double} for numeric, boolean and datetime
 * columns ({@code NaN} when missing), {@link String} for categorical, text and id columns ({@code
 * null} when missing). As the serving {@link InputReader} it reads JSON instances.
 *
 * <p>Rules, each failing with an {@link InvalidInputException} naming the field (the model server
 * answers it with a problem response naming the field):
 *
 * <ul>
 *   <li>missing or null values: allowed per {@link MissingPolicy} (default: only in columns that
 *       had missing values in training, and in id columns);
 *   <li>fields that are not input columns: ignored and counted ({@link #ignoredFields()}) or
 *       rejected, per {@link ExtraFieldPolicy};
 *   <li>JSON objects and arrays are never values; a number column takes numbers or numeric strings
 *       (not booleans), a boolean column true/false, yes/no, 1/0, a datetime column dates or
 *       date-times (ISO forms, as in CSV loading) or epoch seconds;
 *   <li>{@code "NaN"}, {@code "null"}, {@code ""} and the other {@link Values#MISSING_TOKENS} count
 *       as missing; {@code "Infinity"} and out-of-range numbers are rejected;
 *   <li>categorical values not seen in training: rejected naming the column, the value and up to 10
 *       known values ({@link CategoryPolicy#REJECT}, the default), or passed on to the encoders
 *       ({@link CategoryPolicy#ALLOW}).
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RowValidator implements InputReader<Map<String, Object>> {

  /** Which columns may be missing or null. */
  public enum MissingPolicy {
    /** Columns that had missing values in training, and id columns (the default). */
    AS_IN_TRAINING,
    /** Every column (the pipeline's imputers handle them). */
    ALLOW_ALL,
    /** No column except id columns. */
    REJECT_ALL
  }

  /** What to do with fields that are not input columns. */
  public enum ExtraFieldPolicy {
    /** Ignore them and count them in {@link #ignoredFields()} (the default). */
    IGNORE,
    /** Reject the row. */
    REJECT
  }

  /** What to do with categorical values not seen in training. */
  public enum CategoryPolicy {
    /** Reject the row naming the column, value and some known values (the default). */
    REJECT,
    /** Accept them; the pipeline's encoders apply their unseen-category handling. */
    ALLOW
  }

  private static final int SHOWN_CATEGORIES = 10;
  private static final int SHOWN_FIELDS = 20;

  private final List<ColumnProfile> columns;
  private final Map<String, ColumnProfile> byName;
  private final Map<String, Set<String>> categories;
  private final Set<String> nullable;
  private final ExtraFieldPolicy extraFields;
  private final CategoryPolicy unknownCategories;
  private final MissingPolicy missingPolicy;
  private final AtomicLong ignored = new AtomicLong();

  private RowValidator(Builder b) {
    this.columns = List.copyOf(b.columns);
    this.extraFields = b.extraFields;
    this.unknownCategories = b.unknownCategories;
    this.missingPolicy = b.missing;
    Map<String, ColumnProfile> names = new LinkedHashMap<>();
    Map<String, Set<String>> cats = new LinkedHashMap<>();
    Set<String> nulls = new HashSet<>();
    for (ColumnProfile c : columns) {
      names.put(c.name(), c);
      if (c.type() == ColumnType.CATEGORICAL && !c.categories().isEmpty()) {
        cats.put(c.name(), Set.copyOf(c.categories()));
      }
      boolean allow =
          switch (b.missing) {
            case ALLOW_ALL -> true;
            case REJECT_ALL -> c.type() == ColumnType.ID;
            default -> c.hadMissing() || c.type() == ColumnType.ID;
          };
      if (allow || b.alsoNullable.contains(c.name())) {
        nulls.add(c.name());
      }
    }
    this.byName = Collections.unmodifiableMap(names);
    this.categories = Collections.unmodifiableMap(cats);
    this.nullable = Set.copyOf(nulls);
  }

  /**
   * A validator with the default policies for the input columns of some metadata.
   *
   * @param metadata the artifact's metadata
   * @return the validator
   */
  public static RowValidator of(TabularMetadata metadata) {
    return builder(metadata.input()).build();
  }

  /**
   * Starts a builder.
   *
   * @param columns the input columns with what training saw of them
   * @return the builder
   */
  public static Builder builder(List<ColumnProfile> columns) {
    return new Builder(columns);
  }

  /**
   * The input columns.
   *
   * @return the columns in pipeline order
   */
  public List<ColumnProfile> columns() {
    return columns;
  }

  /**
   * Whether a column may be missing or null under this validator's policy.
   *
   * @param column the column name
   * @return true if missing values are accepted
   */
  public boolean allowsMissing(String column) {
    return nullable.contains(column);
  }

  /**
   * How many fields that are not input columns were ignored so far (with {@link
   * ExtraFieldPolicy#IGNORE}).
   *
   * @return the count
   */
  public long ignoredFields() {
    return ignored.get();
  }

  /**
   * The missing-value policy.
   *
   * @return the policy
   */
  public MissingPolicy missingPolicy() {
    return missingPolicy;
  }

  /**
   * Reads one JSON instance (the serving {@link InputReader}).
   *
   * @param instance a JSON object of column name to value
   * @return the validated row, one entry per input column in pipeline order
   * @throws InvalidInputException naming the first offending field
   */
  @Override
  public Map<String, Object> read(JsonNode instance) {
    Map<String, Object> raw = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = instance.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      // fields that are not input columns are only counted or rejected, whatever their value
      raw.put(
          e.getKey(), byName.containsKey(e.getKey()) ? javaValue(e.getKey(), e.getValue()) : null);
    }
    return validate(raw);
  }

  private static Object javaValue(String field, JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isNumber()) {
      return v.numberValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw new InvalidInputException(
        field,
        "field '"
            + field
            + "' must be a single value (number, string, boolean or null), got "
            + v.getNodeType().name().toLowerCase(Locale.ROOT));
  }

  /**
   * Validates one row given as a map (e.g. built in Java or read from CSV).
   *
   * @param row column name to {@link Number}, {@link String}, {@link Boolean} or null
   * @return the validated row, one entry per input column in pipeline order
   * @throws InvalidInputException naming the first offending field
   */
  public Map<String, Object> validate(Map<String, ?> row) {
    Objects.requireNonNull(row, "row");
    int extra = 0;
    for (String key : row.keySet()) {
      if (!byName.containsKey(key)) {
        if (extraFields == ExtraFieldPolicy.REJECT) {
          throw new InvalidInputException(
              key, "unknown field '" + key + "'; input fields are " + shownFields());
        }
        extra++;
      }
    }
    if (extra > 0) {
      ignored.addAndGet(extra);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (ColumnProfile c : columns) {
      boolean present = row.containsKey(c.name());
      out.put(c.name(), value(c, row.get(c.name()), present));
    }
    return out;
  }

  private String shownFields() {
    List<String> names = new ArrayList<>(byName.keySet());
    return names.size() <= SHOWN_FIELDS
        ? names.toString()
        : names.subList(0, SHOWN_FIELDS) + " ... (" + names.size() + " in all)";
  }

  private Object value(ColumnProfile c, Object v, boolean present) {
    String f = c.name();
    if (v instanceof Map<?, ?> || v instanceof Iterable<?> || v instanceof Object[]) {
      throw new InvalidInputException(
          f, "field '" + f + "' must be a single value (number, string, boolean or null)");
    }
    if (c.type().isNumberStored()) {
      double d = number(c, v);
      if (Double.isNaN(d)) {
        missing(c, v, present);
      }
      return d;
    }
    String s = string(v);
    if (s == null && v != null && categories.containsKey(f)) {
      String raw = v.toString().strip();
      if (categories.get(f).contains(raw)) {
        s = raw; // a category that reads like a missing token, e.g. "None"
      }
    }
    if (s == null) {
      missing(c, v, present);
      return null;
    }
    if (unknownCategories == CategoryPolicy.REJECT) {
      Set<String> known = categories.get(f);
      if (known != null && !known.contains(s)) {
        List<String> shown = c.categories();
        String list =
            shown.size() <= SHOWN_CATEGORIES
                ? shown.toString()
                : shown.subList(0, SHOWN_CATEGORIES) + " ... (" + shown.size() + " in all)";
        throw new InvalidInputException(
            f,
            "field '" + f + "' has unknown category '" + shorten(s) + "'; known values: " + list);
      }
    }
    return s;
  }

  private void missing(ColumnProfile c, Object v, boolean present) {
    if (nullable.contains(c.name())) {
      return;
    }
    String f = c.name();
    String why;
    if (!present) {
      why = "field '" + f + "' is required";
    } else if (v == null) {
      why = "field '" + f + "' must not be null";
    } else {
      why = "field '" + f + "' must not be missing, got '" + shorten(v.toString()) + "'";
    }
    String reason =
        missingPolicy == MissingPolicy.AS_IN_TRAINING
            ? " (training had no missing values in this column)"
            : " (missing values are not accepted)";
    throw new InvalidInputException(f, why + reason);
  }

  private static double number(ColumnProfile c, Object v) {
    String f = c.name();
    ColumnType type = c.type();
    if (v == null) {
      return Double.NaN;
    }
    if (v instanceof Boolean b) {
      if (type == ColumnType.BOOLEAN) {
        return b ? 1.0 : 0.0;
      }
      throw new InvalidInputException(
          f, "field '" + f + "' must be a " + typeWord(type) + ", got boolean " + b);
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isInfinite(d)) {
        throw new InvalidInputException(f, "field '" + f + "' must be finite, got " + d);
      }
      if (type == ColumnType.BOOLEAN && !Double.isNaN(d) && d != 0.0 && d != 1.0) {
        throw new InvalidInputException(
            f, "field '" + f + "' must be a yes/no value (true/false or 1/0), got " + n);
      }
      return d;
    }
    if (v instanceof String s) {
      try {
        return switch (type) {
          case BOOLEAN -> Values.parseBoolean(s);
          case DATETIME -> Values.parseDatetime(s);
          default -> Values.parseNumber(s);
        };
      } catch (IllegalArgumentException e) {
        String detail =
            e instanceof NumberFormatException
                    && !(e.getMessage() != null && e.getMessage().startsWith("not a finite"))
                ? "not a number: '" + shorten(s.strip()) + "'"
                : e.getMessage();
        throw new InvalidInputException(
            f, "field '" + f + "' must be a " + typeWord(type) + ": " + detail);
      }
    }
    throw new InvalidInputException(
        f,
        "field '" + f + "' must be a " + typeWord(type) + ", got " + v.getClass().getSimpleName());
  }

  private static String typeWord(ColumnType type) {
    return switch (type) {
      case BOOLEAN -> "yes/no value";
      case DATETIME -> "date or date-time";
      default -> "number";
    };
  }

  /** The same text for a value as CSV loading and {@code RowFrames} produce. */
  private static String string(Object v) {
    if (v == null) {
      return null;
    }
    String s;
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      s = Long.toString(d.longValue());
    } else if (v instanceof Double d && Double.isNaN(d)) {
      return null;
    } else {
      s = v.toString();
    }
    return Values.category(s);
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }

  /** Options of a {@link RowValidator}. */
  public static final class Builder {
    private final List<ColumnProfile> columns;
    private ExtraFieldPolicy extraFields = ExtraFieldPolicy.IGNORE;
    private CategoryPolicy unknownCategories = CategoryPolicy.REJECT;
    private MissingPolicy missing = MissingPolicy.AS_IN_TRAINING;
    private final Set<String> alsoNullable = new HashSet<>();

    private Builder(List<ColumnProfile> columns) {
      this.columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
      if (this.columns.isEmpty()) {
        throw new dev.mle4j.core.MlException("a row validator needs at least one input column");
      }
    }

    /**
     * Sets which columns may be missing (default {@link MissingPolicy#AS_IN_TRAINING}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder missing(MissingPolicy policy) {
      this.missing = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Also accepts missing values in these columns, whatever the policy.
     *
     * @param names column names (each must be an input column)
     * @return this builder
     */
    public Builder allowMissing(Set<String> names) {
      for (String n : names) {
        if (columns.stream().noneMatch(c -> c.name().equals(n))) {
          throw new dev.mle4j.core.MlException("allowMissing: '" + n + "' is not an input column");
        }
      }
      alsoNullable.addAll(names);
      return this;
    }

    /**
     * Sets what happens to fields that are not input columns (default {@link
     * ExtraFieldPolicy#IGNORE}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder extraFields(ExtraFieldPolicy policy) {
      this.extraFields = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets what happens to unseen categories (default {@link CategoryPolicy#REJECT}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder unknownCategories(CategoryPolicy policy) {
      this.unknownCategories = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds the validator.
     *
     * @return the validator
     */
    public RowValidator build() {
      return new RowValidator(this);
    }
  }
}
