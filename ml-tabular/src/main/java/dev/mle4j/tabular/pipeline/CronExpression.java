package dev.mle4j.tabular.pipeline;

import dev.mle4j.core.MlException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Objects;

/**
 * A 5-field cron expression ({@code minute hour day-of-month month day-of-week}) evaluated in UTC.
 * Each field accepts {@code *}, numbers, ranges {@code a-b}, steps {@code * /n} or {@code a-b/n}
 * (without the space) and comma-separated lists of those. Day of week is 0-7 with 0 and 7 both
 * Sunday. As in classic cron, when both day fields are restricted a day matches if either does.
 */
public final class CronExpression {

  private static final int SEARCH_YEARS = 8;

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean daysRestricted;
  private final boolean weekdaysRestricted;

  private CronExpression(String text, String[] f) {
    this.text = text;
    this.minutes = field(f[0], "minute", 0, 59);
    this.hours = field(f[1], "hour", 0, 23);
    this.days = field(f[2], "day-of-month", 1, 31);
    this.months = field(f[3], "month", 1, 12);
    BitSet w = field(f[4], "day-of-week", 0, 7);
    if (w.get(7)) {
      w.set(0);
      w.clear(7);
    }
    this.weekdays = w;
    this.daysRestricted = !f[2].equals("*");
    this.weekdaysRestricted = !f[4].equals("*");
  }

  /**
   * Parses an expression.
   *
   * @param expression five whitespace-separated fields
   * @return the parsed expression
   * @throws MlException naming the bad field and value
   */
  public static CronExpression parse(String expression) {
    Objects.requireNonNull(expression, "expression");
    String trimmed = expression.trim();
    String[] f = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    if (f.length != 5) {
      throw new MlException(
          "cron expression '"
              + expression
              + "' must have 5 fields (minute hour day-of-month"
              + " month day-of-week), got "
              + f.length);
    }
    return new CronExpression(trimmed, f);
  }

  /**
   * The first fire time strictly after an instant.
   *
   * @param after the instant
   * @return the next matching minute (UTC)
   * @throws MlException if nothing matches within eight years (for example 31 February)
   */
  public Instant next(Instant after) {
    LocalDateTime t =
        LocalDateTime.ofInstant(after, ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MINUTES)
            .plusMinutes(1);
    LocalDate day = t.toLocalDate();
    LocalDate end = day.plusYears(SEARCH_YEARS);
    boolean first = true;
    while (day.isBefore(end)) {
      if (months.get(day.getMonthValue()) && dayMatches(day)) {
        int startHour = first ? t.getHour() : 0;
        for (int h = hours.nextSetBit(startHour); h >= 0; h = hours.nextSetBit(h + 1)) {
          int startMinute = first && h == t.getHour() ? t.getMinute() : 0;
          int m = minutes.nextSetBit(startMinute);
          if (m >= 0) {
            return day.atTime(h, m).toInstant(ZoneOffset.UTC);
          }
        }
      }
      first = false;
      day = day.plusDays(1);
    }
    throw new MlException(
        "cron expression '"
            + text
            + "' never fires (checked "
            + SEARCH_YEARS
            + " years after "
            + after
            + ")");
  }

  private boolean dayMatches(LocalDate day) {
    boolean dom = days.get(day.getDayOfMonth());
    boolean dow = weekdays.get(day.getDayOfWeek().getValue() % 7);
    if (daysRestricted && weekdaysRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  @Override
  public String toString() {
    return text;
  }

  private static BitSet field(String spec, String name, int min, int max) {
    BitSet bits = new BitSet(max + 1);
    for (String part : spec.split(",", -1)) {
      if (part.isEmpty()) {
        throw new MlException("cron " + name + " field '" + spec + "' has an empty list item");
      }
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), name, spec);
        if (step < 1) {
          throw new MlException("cron " + name + " step in '" + spec + "' must be at least 1");
        }
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else {
        int dash = range.indexOf('-');
        if (dash >= 0) {
          lo = number(range.substring(0, dash), name, spec);
          hi = number(range.substring(dash + 1), name, spec);
        } else {
          lo = number(range, name, spec);
          hi = slash >= 0 ? max : lo;
        }
      }
      if (lo < min || hi > max) {
        throw new MlException(
            "cron " + name + " value in '" + spec + "' is out of range " + min + "-" + max);
      }
      if (lo > hi) {
        throw new MlException("cron " + name + " range '" + range + "' runs backwards");
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, String name, String spec) {
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 4) {
      throw new MlException("cron " + name + " field '" + spec + "': '" + s + "' is not a number");
    }
    return Integer.parseInt(s);
  }
}
