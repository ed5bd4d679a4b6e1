package dev.mle4j.tabular.clean;

/**
 * What {@link DtypeCorrections} changed in one column.
 *
 * @param column the column
 * @param trimmed cells with surrounding spaces removed
 * @param blanksToMissing blank or whitespace-only cells turned into missing values
 * @param thousandsSeparators cells whose thousands separators were removed ({@code 1,234.5})
 * @param currencySymbols cells whose currency symbol was removed ({@code $12})
 * @param percentSigns cells with a percent sign, divided by 100 ({@code 45%} becomes 0.45)
 * @param convertedToNumber whether the column now holds plain numbers (in a frame: NUMERIC)
 */
public record ColumnCorrection(
    String column,
    int trimmed,
    int blanksToMissing,
    int thousandsSeparators,
    int currencySymbols,
    int percentSigns,
    boolean convertedToNumber) {

  /**
   * A one-line description.
   *
   * @return the description
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(column).append(':');
    if (convertedToNumber) {
      sb.append(" converted to numbers;");
    }
    if (trimmed > 0) {
      sb.append(' ').append(trimmed).append(" trimmed;");
    }
    if (blanksToMissing > 0) {
      sb.append(' ').append(blanksToMissing).append(" blank to missing;");
    }
    if (thousandsSeparators > 0) {
      sb.append(' ').append(thousandsSeparators).append(" thousands separators removed;");
    }
    if (currencySymbols > 0) {
      sb.append(' ').append(currencySymbols).append(" currency symbols removed;");
    }
    if (percentSigns > 0) {
      sb.append(' ').append(percentSigns).append(" percentages divided by 100;");
    }
    return sb.substring(0, sb.length() - 1);
  }
}
