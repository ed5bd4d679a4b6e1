package dev.mle4j.core.report;

import dev.mle4j.core.MlException;
import dev.mle4j.core.registry.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A self-contained HTML report: a title, an optional subtitle and sections of paragraphs, tables
 * and images. Images are embedded as base64 {@code data:} URIs and the CSS is inline, so the single
 * file can be mailed or archived. All text is HTML-escaped.
 *
 * <pre>{@code
 * HtmlReport.builder("SMS spam")
 *     .subtitle("TF-IDF + logistic regression")
 *     .section("Metrics")
 *     .keyValues(Map.of("accuracy", 0.981))
 *     .image(out.file("confusion.png"), "Confusion matrix")
 *     .build()
 *     .write(out.file("report.html"));
 * }</pre>
 */
public final class HtmlReport {
  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;\
      max-width:1000px;padding:0 1rem;color:#222;line-height:1.45}
      h1{margin-bottom:.2rem}
      .subtitle{color:#666;margin-top:0}
      h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
      table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}
      th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:left}
      th{background:#f4f6f8}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      figure{margin:1rem 0}
      figure img{max-width:100%;height:auto;border:1px solid #eee}
      figcaption{color:#555;font-size:.9rem}
      """;

  private final String html;

  private HtmlReport(String html) {
    this.html = html;
  }

  /**
   * Starts a report.
   *
   * @param title the page title and top heading
   * @return a builder
   */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /**
   * The complete HTML document.
   *
   * @return the HTML text
   */
  public String html() {
    return html;
  }

  /**
   * Writes the document as UTF-8, atomically (temporary file + rename).
   *
   * @param file the target, usually {@code report.html} in a run's output folder
   * @throws MlException when the file cannot be written
   */
  public void write(Path file) {
    AtomicFiles.writeString(file, html);
  }

  /**
   * Escapes text for HTML element content and attribute values.
   *
   * @param text any text, may be null (gives an empty string)
   * @return the escaped text
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Formats a table cell: numbers compactly (doubles to at most 4 decimals, scientific notation for
   * very small or large magnitudes), {@code null} as empty, anything else by {@code toString}.
   */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        return Double.toString(d);
      }
      double abs = Math.abs(d);
      if (abs != 0 && (abs < 1e-4 || abs >= 1e12)) {
        return String.format(Locale.ROOT, "%.3e", d);
      }
      return BigDecimal.valueOf(d)
          .setScale(4, RoundingMode.HALF_EVEN)
          .stripTrailingZeros()
          .toPlainString();
    }
    return value.toString();
  }

  /** Builds an {@link HtmlReport}; content added before the first section goes under the title. */
  public static final class Builder {
    private final String title;
    private String subtitle;
    private final List<String> blocks = new ArrayList<>();

    private Builder(String title) {
      if (title == null || title.isBlank()) {
        throw new MlException("report title must not be blank");
      }
      this.title = title;
    }

    /**
     * Sets the line shown under the title.
     *
     * @param text the subtitle
     * @return this builder
     */
    public Builder subtitle(String text) {
      this.subtitle = text;
      return this;
    }

    /**
     * Starts a section; following content belongs to it.
     *
     * @param heading section heading
     * @return this builder
     */
    public Builder section(String heading) {
      blocks.add("<h2>" + escape(heading) + "</h2>");
      return this;
    }

    /**
     * Adds a paragraph of plain text.
     *
     * @param text the text
     * @return this builder
     */
    public Builder paragraph(String text) {
      blocks.add("<p>" + escape(text) + "</p>");
      return this;
    }

    /**
     * Adds a two-column table of keys and values, in the map's iteration order.
     *
     * @param rows key to value (numbers are formatted compactly)
     * @return this builder
     */
    public Builder keyValues(Map<String, ?> rows) {
      Objects.requireNonNull(rows, "rows");
      StringBuilder sb = new StringBuilder("<table class=\"kv\">\n");
      new LinkedHashMap<>(rows)
          .forEach(
              (k, v) ->
                  sb.append("<tr><th>")
                      .append(escape(k))
                      .append("</th>")
                      .append(td(v))
                      .append("</tr>\n"));
      blocks.add(sb.append("</table>").toString());
      return this;
    }

    /**
     * Adds a table with a header row.
     *
     * @param header column names
     * @param rows rows, each with exactly one cell per column
     * @return this builder
     * @throws MlException when a row has the wrong number of cells
     */
    public Builder table(List<String> header, List<? extends List<?>> rows) {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(rows, "rows");
      if (header.isEmpty()) {
        throw new MlException("report table needs at least one column");
      }
      StringBuilder sb = new StringBuilder("<table>\n<thead><tr>");
      header.forEach(h -> sb.append("<th>").append(escape(h)).append("</th>"));
      sb.append("</tr></thead>\n<tbody>\n");
      for (int r = 0; r < rows.size(); r++) {
        List<?> row = rows.get(r);
        if (row == null || row.size() != header.size()) {
          throw new MlException(
              "report table row "
                  + r
                  + " has "
                  + (row == null ? 0 : row.size())
                  + " cells, the header has "
                  + header.size()
                  + " columns "
                  + header);
        }
        sb.append("<tr>");
        row.forEach(v -> sb.append(td(v)));
        sb.append("</tr>\n");
      }
      blocks.add(sb.append("</tbody>\n</table>").toString());
      return this;
    }

    /**
     * Embeds a PNG, JPEG or GIF image file (read now) as a base64 data URI.
     *
     * @param image the image file
     * @param caption caption and alt text
     * @return this builder
     * @throws MlException when the file is missing, unreadable or not a PNG, JPEG or GIF
     */
    public Builder image(Path image, String caption) {
      Objects.requireNonNull(image, "image");
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(image);
      } catch (NoSuchFileException e) {
        throw new MlException("report image " + image + " does not exist", e);
      } catch (IOException e) {
        throw new MlException("cannot read report image " + image + ": " + e, e);
      }
      String mime = mimeType(bytes);
      if (mime == null) {
        throw new MlException("report image " + image + " is not a PNG, JPEG or GIF file");
      }
      blocks.add(
          "<figure><img alt=\""
              + escape(caption)
              + "\" src=\"data:"
              + mime
              + ";base64,"
              + Base64.getEncoder().encodeToString(bytes)
              + "\">"
              + (caption == null || caption.isEmpty()
                  ? ""
                  : "<figcaption>" + escape(caption) + "</figcaption>")
              + "</figure>");
      return this;
    }

    /**
     * Renders the document.
     *
     * @return the report
     */
    public HtmlReport build() {
      StringBuilder sb = new StringBuilder(4096);
      sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>")
          .append(escape(title))
          .append("</title>\n<style>\n")
          .append(CSS)
          .append("</style>\n</head>\n<body>\n<h1>")
          .append(escape(title))
          .append("</h1>\n");
      if (subtitle != null && !subtitle.isEmpty()) {
        sb.append("<p class=\"subtitle\">").append(escape(subtitle)).append("</p>\n");
      }
      blocks.forEach(b -> sb.append(b).append('\n'));
      sb.append("</body>\n</html>\n");
      return new HtmlReport(sb.toString());
    }

    private static String td(Object value) {
      String cls = value instanceof Number ? " class=\"num\"" : "";
      return "<td" + cls + ">" + escape(cell(value)) + "</td>";
    }

    private static String mimeType(byte[] b) {
      if (b.length >= 8
          && (b[0] & 0xFF) == 0x89
          && b[1] == 'P'
          && b[2] == 'N'
          && b[3] == 'G'
          && b[4] == 0x0D
          && b[5] == 0x0A
          && b[6] == 0x1A
          && b[7] == 0x0A) {
        return "image/png";
      }
      if (b.length >= 3
          && (b[0] & 0xFF) == 0xFF
          && (b[1] & 0xFF) == 0xD8
          && (b[2] & 0xFF) == 0xFF) {
        return "image/jpeg";
      }
      if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
        return "image/gif";
      }
      return null;
    }
  }
}
