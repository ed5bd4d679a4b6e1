package dev.mle4j.tabular.features;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Target;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Expands {@link ColumnType#DATETIME} columns (seconds since the epoch, UTC) into calendar parts
 * named {@code <col>_<part>}: year, month, day, day_of_week (1 = Monday .. 7), hour, day_of_year,
 * is_weekend and the cyclical sin/cos of hour (period 24), month (12) and day of week (7). Parts
 * that are constant in training (e.g. the hour of a date-only column) are left out. Optional
 * elapsed-time columns: days since a fixed instant, or the time between two datetime columns. The
 * original column is dropped unless it is kept as a number. Missing datetimes give missing parts.
 */
public final class DatetimeFeatures implements FeatureStep {

  /** A calendar part. */
  public enum Part {
    /** The year. */
    YEAR,
    /** Month 1..12. */
    MONTH,
    /** Day of month 1..31. */
    DAY,
    /** Day of week 1 (Monday) .. 7 (Sunday). */
    DAY_OF_WEEK,
    /** Hour 0..23. */
    HOUR,
    /** Day of year 1..366. */
    DAY_OF_YEAR,
    /** 1 on Saturday and Sunday. */
    IS_WEEKEND,
    /** sin(2 pi hour / 24). */
    HOUR_SIN,
    /** cos(2 pi hour / 24). */
    HOUR_COS,
    /** sin(2 pi (month - 1) / 12). */
    MONTH_SIN,
    /** cos(2 pi (month - 1) / 12). */
    MONTH_COS,
    /** sin(2 pi (day_of_week - 1) / 7). */
    DAY_OF_WEEK_SIN,
    /** cos(2 pi (day_of_week - 1) / 7). */
    DAY_OF_WEEK_COS
  }

  /** The unit of an elapsed-time column. */
  public enum Unit {
    /** Seconds. */
    SECONDS(1),
    /** Minutes. */
    MINUTES(60),
    /** Hours. */
    HOURS(3600),
    /** Days. */
    DAYS(86_400);

    private final double seconds;

    Unit(double seconds) {
      this.seconds = seconds;
    }

    /**
     * The unit's length.
     *
     * @return seconds per unit
     */
    public double seconds() {
      return seconds;
    }
  }

  /**
   * An elapsed-time column: {@code (column - from) / unit}, where {@code from} is another datetime
   * column or, when {@code fromColumn} is null, a fixed instant.
   *
   * @param name the output column name
   * @param column the later datetime column
   * @param fromColumn the earlier datetime column, or null
   * @param fromEpochSeconds the fixed instant (seconds since the epoch) when fromColumn is null
   * @param unit the unit of the result
   */
  public record Elapsed(
      String name, String column, String fromColumn, double fromEpochSeconds, Unit unit) {

    /** Checks the parts. */
    public Elapsed {
      Objects.requireNonNull(unit, "unit");
      if (name == null || name.isBlank() || column == null) {
        throw new MlException("datetime: an elapsed-time column needs a name and a column");
      }
    }
  }

  private final List<String> columns;
  private final Set<Part> parts;
  private final boolean keepAsNumber;
  private final List<Elapsed> elapsed;

  private DatetimeFeatures(Builder b) {
    this.columns = List.copyOf(b.columns);
    this.parts = EnumSet.copyOf(b.parts);
    this.keepAsNumber = b.keepAsNumber;
    this.elapsed = List.copyOf(b.elapsed);
  }

  /**
   * A builder; defaults: all datetime columns, all parts, original dropped, no elapsed times.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "datetime";
  }

  @Override
  public FittedStep fitOnly(DataFrame train, Target target, FitContext context) {
    List<String> cols = FeatureColumns.select(train, columns, name(), ColumnType.DATETIME);
    for (Elapsed e : elapsed) {
      FeatureColumns.select(
          train,
          e.fromColumn() == null ? List.of(e.column()) : List.of(e.column(), e.fromColumn()),
          name(),
          ColumnType.DATETIME);
    }
    Map<String, List<Part>> chosen = new LinkedHashMap<>();
    for (String c : cols) {
      double[] v = train.numeric(c);
      List<Part> keep = new ArrayList<>();
      for (Part p : parts) {
        double first = Double.NaN;
        boolean varies = false;
        for (double x : v) {
          double y = part(p, x);
          if (Double.isNaN(y)) {
            continue;
          }
          if (Double.isNaN(first)) {
            first = y;
          } else if (Math.abs(y - first) > 1e-12) {
            varies = true;
            break;
          }
        }
        if (varies) {
          keep.add(p);
        }
      }
      chosen.put(c, keep);
    }
    return new FittedDatetime(chosen, keepAsNumber, elapsed);
  }

  /**
   * One calendar part of an instant.
   *
   * @param p the part
   * @param epochSeconds seconds since the epoch, NaN for missing
   * @return the value, NaN for missing
   */
  public static double part(Part p, double epochSeconds) {
    if (Double.isNaN(epochSeconds)) {
      return Double.NaN;
    }
    LocalDateTime t =
        LocalDateTime.ofInstant(
            Instant.ofEpochSecond((long) Math.floor(epochSeconds)), ZoneOffset.UTC);
    int dow = t.getDayOfWeek().getValue();
    double hour = t.getHour() + t.getMinute() / 60.0;
    return switch (p) {
      case YEAR -> t.getYear();
      case MONTH -> t.getMonthValue();
      case DAY -> t.getDayOfMonth();
      case DAY_OF_WEEK -> dow;
      case HOUR -> t.getHour();
      case DAY_OF_YEAR -> t.getDayOfYear();
      case IS_WEEKEND -> dow >= 6 ? 1.0 : 0.0;
      case HOUR_SIN -> Math.sin(2 * Math.PI * hour / 24);
      case HOUR_COS -> Math.cos(2 * Math.PI * hour / 24);
      case MONTH_SIN -> Math.sin(2 * Math.PI * (t.getMonthValue() - 1) / 12);
      case MONTH_COS -> Math.cos(2 * Math.PI * (t.getMonthValue() - 1) / 12);
      case DAY_OF_WEEK_SIN -> Math.sin(2 * Math.PI * (dow - 1) / 7);
      case DAY_OF_WEEK_COS -> Math.cos(2 * Math.PI * (dow - 1) / 7);
      default -> throw new IllegalStateException(p.name());
    };
  }

  @Override
  public String toString() {
    return "Datetime[parts="
        + parts
        + ", keepAsNumber="
        + keepAsNumber
        + (elapsed.isEmpty() ? "" : ", elapsed=" + elapsed)
        + "]";
  }

  /** Options of {@link DatetimeFeatures}. */
  public static final class Builder {
    private List<String> columns = List.of();
    private Set<Part> parts = EnumSet.allOf(Part.class);
    private boolean keepAsNumber;
    private final List<Elapsed> elapsed = new ArrayList<>();

    private Builder() {}

    /**
     * The datetime columns to expand (default: all).
     *
     * @param columns the names
     * @return this builder
     */
    public Builder columns(List<String> columns) {
      this.columns = List.copyOf(columns);
      return this;
    }

    /**
     * The parts to produce (default: all).
     *
     * @param parts the parts
     * @return this builder
     */
    public Builder parts(Set<Part> parts) {
      this.parts = parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts);
      return this;
    }

    /**
     * Keep the original column as a numeric column (seconds since the epoch).
     *
     * @param keep true to keep it
     * @return this builder
     */
    public Builder keepAsNumber(boolean keep) {
      this.keepAsNumber = keep;
      return this;
    }

    /**
     * Adds {@code <column>_days_since} = days from a fixed instant to the column's value.
     *
     * @param column the datetime column
     * @param reference the instant
     * @return this builder
     */
    public Builder daysSince(String column, Instant reference) {
      elapsed.add(
          new Elapsed(column + "_days_since", column, null, reference.getEpochSecond(), Unit.DAYS));
      return this;
    }

    /**
     * Adds a column {@code name} = {@code (end - start)} in a unit, e.g. trip minutes.
     *
     * @param name the output name
     * @param start the earlier datetime column
     * @param end the later datetime column
     * @param unit the unit
     * @return this builder
     */
    public Builder between(String name, String start, String end, Unit unit) {
      elapsed.add(new Elapsed(name, end, start, 0, unit));
      return this;
    }

    /**
     * Builds the step.
     *
     * @return the step
     */
    public DatetimeFeatures build() {
      return new DatetimeFeatures(this);
    }
  }

  /**
   * A fitted {@link DatetimeFeatures}.
   *
   * @param parts per datetime column: the parts produced
   * @param keepAsNumber whether the original stays as a numeric column
   * @param elapsed the elapsed-time columns
   */
  public record FittedDatetime(
      Map<String, List<Part>> parts, boolean keepAsNumber, List<Elapsed> elapsed)
      implements FittedStep {

    /** Copies the parts. */
    public FittedDatetime {
      parts = new LinkedHashMap<>(parts);
      elapsed = List.copyOf(elapsed);
    }

    @Override
    public DataFrame transform(DataFrame frame) {
      DataFrame df = frame;
      String step = "datetime";
      for (Elapsed e : elapsed) {
        double[] end = datetime(frame, e.column(), step);
        double[] start = e.fromColumn() == null ? null : datetime(frame, e.fromColumn(), step);
        double[] out = new double[frame.rows()];
        for (int i = 0; i < out.length; i++) {
          double from = start == null ? e.fromEpochSeconds() : start[i];
          out[i] = (end[i] - from) / e.unit().seconds();
        }
        df = df.with(e.name(), ColumnType.NUMERIC, out);
      }
      for (Map.Entry<String, List<Part>> e : parts.entrySet()) {
        String c = e.getKey();
        double[] v = datetime(frame, c, step);
        for (Part p : e.getValue()) {
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = part(p, v[i]);
          }
          df =
              df.with(
                  c + "_" + FeatureColumns.lower(p),
                  p == Part.IS_WEEKEND ? ColumnType.BOOLEAN : ColumnType.NUMERIC,
                  out);
        }
        df = keepAsNumber ? df.with(c, ColumnType.NUMERIC, v) : df.drop(List.of(c));
      }
      return df;
    }

    private static double[] datetime(DataFrame frame, String column, String step) {
      double[] v = FeatureColumns.numeric(frame, column, step);
      if (frame.type(column) != ColumnType.DATETIME) {
        throw new MlException(
            step + ": column '" + column + "' is " + frame.type(column) + ", expected DATETIME");
      }
      return v;
    }
  }
}
