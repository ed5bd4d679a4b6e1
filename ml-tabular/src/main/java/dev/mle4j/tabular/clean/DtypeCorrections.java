package dev.mle4j.tabular.clean;

import dev.mle4j.core.data.CsvTable;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Corrects messy text columns before schema inference: trims surrounding spaces, turns blank cells
 * into missing values, and turns columns of numbers written with thousands separators ({@code
 * 1,234.5}), currency symbols ({@code $12}, {@code 12 €}), percent signs ({@code 45%} becomes
 * {@code 0.45}) or accounting negatives ({@code (12)}) into plain numbers.
 *
 * <p>A column is converted only when every non-missing cell reads as such a number, so no value is
 * lost; plain number columns are left to schema inference (so codes with leading zeros stay text
 * unless inference decides otherwise).
 */
public final class DtypeCorrections {

  private static final Pattern THOUSANDS = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
  private static final Pattern PLAIN =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final String CURRENCY = "$€£¥₹";

  private DtypeCorrections() {}

  /**
   * A corrected text table.
   *
   * @param table the corrected table
   * @param corrections one entry per changed column, in column order
   */
  public record CorrectedTable(CsvTable table, List<ColumnCorrection> corrections) {
    /** Copies the list. */
    public CorrectedTable {
      corrections = List.copyOf(corrections);
    }
  }

  /**
   * A corrected frame.
   *
   * @param frame the corrected frame
   * @param corrections one entry per changed column, in column order
   */
  public record CorrectedFrame(DataFrame frame, List<ColumnCorrection> corrections) {
    /** Copies the list. */
    public CorrectedFrame {
      corrections = List.copyOf(corrections);
    }
  }

  /**
   * Corrects the cells of a text table (before {@link dev.mle4j.tabular.data.SchemaInference}).
   * Missing cells become empty strings.
   *
   * @param table the table as read
   * @return the corrected table and the corrections made
   */
  public static CorrectedTable apply(CsvTable table) {
    Objects.requireNonNull(table, "table");
    List<String[]> rows = new ArrayList<>(table.size());
    for (String[] r : table.rows()) {
      rows.add(r.clone());
    }
    List<ColumnCorrection> out = new ArrayList<>();
    for (int j = 0; j < table.columns().size(); j++) {
      String name = table.columns().get(j);
      String[] cells = new String[rows.size()];
      for (int i = 0; i < cells.length; i++) {
        String[] r = rows.get(i);
        cells[i] = j < r.length ? r[j] : null;
      }
      Column c = correct(name, cells, false);
      if (c.correction != null) {
        out.add(c.correction);
        for (int i = 0; i < cells.length; i++) {
          String[] r = rows.get(i);
          if (j < r.length) {
            r[j] = c.cells[i] == null ? "" : c.cells[i];
          }
        }
      }
    }
    return new CorrectedTable(new CsvTable(table.columns(), rows), out);
  }

  /**
   * Corrects the categorical and text columns of a frame: trims values and turns columns of (messy)
   * numbers stored as text into NUMERIC columns. ID columns are left alone.
   *
   * @param frame the frame
   * @return the corrected frame and the corrections made
   */
  public static CorrectedFrame apply(DataFrame frame) {
    Objects.requireNonNull(frame, "frame");
    DataFrame df = frame;
    List<ColumnCorrection> out = new ArrayList<>();
    for (String name : frame.columns()) {
      ColumnType t = frame.type(name);
      if (t != ColumnType.CATEGORICAL && t != ColumnType.TEXT) {
        continue;
      }
      Column c = correct(name, frame.strings(name), true);
      if (c.correction == null) {
        continue;
      }
      out.add(c.correction);
      if (c.correction.convertedToNumber()) {
        double[] v = new double[c.cells.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = c.cells[i] == null ? Double.NaN : Double.parseDouble(c.cells[i]);
        }
        df = df.with(name, ColumnType.NUMERIC, v);
      } else {
        df = df.with(name, t, c.cells);
      }
    }
    return new CorrectedFrame(df, out);
  }

  /**
   * Reads one messy number.
   *
   * @param text the cell
   * @return the plain number text (e.g. {@code "1234.5"}, {@code "0.45"}), or null when the cell is
   *     not a (messy) number
   */
  public static String plainNumber(String text) {
    Parsed p = parse(text);
    return p == null ? null : p.text;
  }

  private record Parsed(String text, boolean thousands, boolean currency, boolean percent) {}

  private static Parsed parse(String raw) {
    if (raw == null) {
      return null;
    }
    String t = raw.strip();
    boolean negative = false;
    if (t.length() > 2 && t.startsWith("(") && t.endsWith(")")) {
      negative = true;
      t = t.substring(1, t.length() - 1).strip();
    }
    String sign = "";
    if (t.startsWith("-") || t.startsWith("+")) {
      sign = t.substring(0, 1);
      t = t.substring(1).strip();
    }
    boolean currency = false;
    if (!t.isEmpty() && CURRENCY.indexOf(t.charAt(0)) >= 0) {
      currency = true;
      t = t.substring(1).strip();
    } else if (!t.isEmpty() && CURRENCY.indexOf(t.charAt(t.length() - 1)) >= 0) {
      currency = true;
      t = t.substring(0, t.length() - 1).strip();
    }
    if (sign.isEmpty() && (t.startsWith("-") || t.startsWith("+"))) {
      sign = t.substring(0, 1);
      t = t.substring(1);
    }
    boolean percent = false;
    if (t.endsWith("%")) {
      percent = true;
      t = t.substring(0, t.length() - 1).strip();
    }
    boolean thousands = false;
    if (THOUSANDS.matcher(t).matches()) {
      thousands = true;
      t = t.replace(",", "");
    }
    if (!PLAIN.matcher(t).matches()) {
      return null;
    }
    BigDecimal v = new BigDecimal(t);
    if (percent) {
      v = v.movePointLeft(2);
    }
    if (sign.equals("-") != negative) {
      v = v.negate();
    }
    String text = v.stripTrailingZeros().toPlainString();
    return new Parsed(text, thousands, currency, percent);
  }

  private record Column(String[] cells, ColumnCorrection correction) {}

  private static Column correct(String name, String[] in, boolean plainNumbersToo) {
    String[] cells = new String[in.length];
    int trimmed = 0;
    int blanks = 0;
    int present = 0;
    for (int i = 0; i < in.length; i++) {
      String s = in[i];
      if (s == null) {
        continue;
      }
      String t = s.strip();
      if (t.isEmpty()) {
        if (!s.isEmpty()) {
          blanks++;
        }
        continue;
      }
      if (!t.equals(s)) {
        trimmed++;
      }
      cells[i] = t;
      if (!Values.isMissing(t)) {
        present++;
      }
    }
    int thousands = 0;
    int currency = 0;
    int percent = 0;
    boolean convert = false;
    if (present > 0) {
      String[] numbers = new String[in.length];
      boolean all = true;
      for (int i = 0; i < cells.length && all; i++) {
        if (cells[i] == null || Values.isMissing(cells[i])) {
          continue;
        }
        Parsed p = parse(cells[i]);
        if (p == null) {
          all = false;
        } else {
          numbers[i] = p.text;
          thousands += p.thousands ? 1 : 0;
          currency += p.currency ? 1 : 0;
          percent += p.percent ? 1 : 0;
        }
      }
      if (all && (plainNumbersToo || thousands + currency + percent > 0)) {
        convert = true;
        cells = numbers;
      } else {
        thousands = 0;
        currency = 0;
        percent = 0;
      }
    }
    if (!convert && trimmed == 0 && blanks == 0) {
      return new Column(in, null);
    }
    return new Column(
        cells, new ColumnCorrection(name, trimmed, blanks, thousands, currency, percent, convert));
  }
}
