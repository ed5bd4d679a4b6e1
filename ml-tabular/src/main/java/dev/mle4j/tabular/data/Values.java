package dev.mle4j.tabular.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parsing of cell text into typed values, shared by CSV loading and by serving so both read a value
 * the same way.
 */
public final class Values {

  /** Cell texts read as missing (compared case-sensitively after trimming). */
  public static final Set<String> MISSING_TOKENS =
      Set.of("", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?");

  private static final Set<String> TRUE_TOKENS = Set.of("true", "yes", "t", "y");
  private static final Set<String> FALSE_TOKENS = Set.of("false", "no", "f", "n");

  private static final List<DateTimeFormatter> DATE_TIMES =
      List.of(
          DateTimeFormatter.ISO_LOCAL_DATE_TIME,
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]", Locale.ROOT),
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT),
          DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT),
          DateTimeFormatter.ofPattern("M/d/yyyy H:mm[:ss]", Locale.ROOT));
  private static final List<DateTimeFormatter> DATES =
      List.of(
          DateTimeFormatter.ISO_LOCAL_DATE,
          DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT),
          DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT),
          DateTimeFormatter.BASIC_ISO_DATE);

  /** Digits with date/time punctuation only, 6 to 40 characters. */
  private static final java.util.regex.Pattern DATE_SHAPE =
      java.util.regex.Pattern.compile("[0-9][0-9 :/T.,+\\-Z]{5,39}");

  private static final java.util.regex.Pattern OFFSET =
      java.util.regex.Pattern.compile("(Z|[+-]\\d{2}:?\\d{2})$");

  private Values() {}

  /**
   * Whether a cell text means "missing".
   *
   * @param text the text, possibly null
   * @return true for null and the {@link #MISSING_TOKENS}
   */
  public static boolean isMissing(String text) {
    return text == null || MISSING_TOKENS.contains(text.strip());
  }

  /**
   * Parses a number.
   *
   * @param text the text
   * @return the value, NaN when missing
   * @throws NumberFormatException if the text is neither missing nor a finite number
   */
  public static double parseNumber(String text) {
    if (isMissing(text)) {
      return Double.NaN;
    }
    String t = text.strip();
    double v = Double.parseDouble(t);
    if (!Double.isFinite(v)) {
      throw new NumberFormatException("not a finite number: '" + t + "'");
    }
    return v;
  }

  /**
   * Whether a text parses as a finite number (missing counts as no).
   *
   * @param text the text
   * @return true if {@link #parseNumber} returns a number
   */
  public static boolean isNumber(String text) {
    if (isMissing(text)) {
      return false;
    }
    try {
      parseNumber(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Parses a yes/no value: true/false, yes/no, t/f, y/n in any case, or 1/0.
   *
   * @param text the text
   * @return 1, 0, or NaN when missing
   * @throws IllegalArgumentException if the text is not a boolean token
   */
  public static double parseBoolean(String text) {
    if (isMissing(text)) {
      return Double.NaN;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (TRUE_TOKENS.contains(t) || t.equals("1") || t.equals("1.0")) {
      return 1.0;
    }
    if (FALSE_TOKENS.contains(t) || t.equals("0") || t.equals("0.0")) {
      return 0.0;
    }
    throw new IllegalArgumentException("not a yes/no value: '" + text.strip() + "'");
  }

  /**
   * Whether a text is a word-form boolean token (true/false, yes/no, t/f, y/n; not 0/1).
   *
   * @param text the text
   * @return true for those tokens
   */
  public static boolean isBooleanWord(String text) {
    if (isMissing(text)) {
      return false;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    return TRUE_TOKENS.contains(t) || FALSE_TOKENS.contains(t);
  }

  /**
   * Parses a date or date-time (ISO forms with 'T' or a space, optional fraction and offset, {@code
   * yyyy/MM/dd}, {@code M/d/yyyy}, {@code yyyyMMdd}) into seconds since the epoch; times without an
   * offset are read as UTC.
   *
   * @param text the text
   * @return epoch seconds (with fraction), NaN when missing
   * @throws IllegalArgumentException if no form matches
   */
  public static double parseDatetime(String text) {
    if (isMissing(text)) {
      return Double.NaN;
    }
    String t = text.strip();
    if (!DATE_SHAPE.matcher(t).matches()) {
      // cheap rejection: parsing by exception is slow on large non-date columns
      throw new IllegalArgumentException("not a date or date-time: '" + t + "'");
    }
    if (t.length() == 8 && t.chars().allMatch(Character::isDigit)) {
      try {
        LocalDate d = LocalDate.parse(t, DateTimeFormatter.BASIC_ISO_DATE);
        if (d.getYear() >= 1000) {
          return d.toEpochDay() * 86_400.0;
        }
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a date or date-time: '" + t + "'", e);
      }
    }
    if (OFFSET.matcher(t).find()) {
      try {
        OffsetDateTime o = OffsetDateTime.parse(t);
        return o.toEpochSecond() + o.getNano() / 1e9;
      } catch (DateTimeParseException e) {
        // try the local forms
      }
    }
    boolean hasTime = t.indexOf(':') >= 0;
    for (DateTimeFormatter f : hasTime ? DATE_TIMES : List.<DateTimeFormatter>of()) {
      try {
        LocalDateTime d = LocalDateTime.parse(t, f);
        return d.toEpochSecond(ZoneOffset.UTC) + d.getNano() / 1e9;
      } catch (DateTimeParseException e) {
        // next form
      }
    }
    for (DateTimeFormatter f : hasTime ? List.<DateTimeFormatter>of() : DATES) {
      try {
        LocalDate d = LocalDate.parse(t, f);
        if (d.getYear() < 1000 || d.getYear() > 9999) {
          continue;
        }
        return d.toEpochDay() * 86_400.0;
      } catch (DateTimeParseException e) {
        // next form
      }
    }
    throw new IllegalArgumentException("not a date or date-time: '" + t + "'");
  }

  /**
   * Whether a text parses as a date or date-time.
   *
   * @param text the text
   * @return true if {@link #parseDatetime} accepts it (missing counts as no)
   */
  public static boolean isDatetime(String text) {
    if (isMissing(text)) {
      return false;
    }
    try {
      parseDatetime(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Normalises a categorical cell: trimmed, missing tokens to null.
   *
   * @param text the text
   * @return the category or null
   */
  public static String category(String text) {
    return isMissing(text) ? null : text.strip();
  }
}
