package dev.mle4j.rag.ingest;

import java.text.Normalizer;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Cleans extracted text: Unicode NFKC, line endings to {@code \n}, control and format characters
 * removed, runs of spaces collapsed (leading indentation of a line is kept so code stays readable),
 * trailing spaces dropped, at most one blank line in a row, and for PDF text the hyphenation at
 * line ends undone ({@code "exam-\nple"} becomes {@code "example"}).
 */
public final class TextCleaner {

  private static final Pattern LINE_BREAK_HYPHEN = Pattern.compile("(\\p{Ll})-\\n[ \\t]*(\\p{Ll})");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

  private TextCleaner() {}

  /**
   * Cleans text: NFKC, {@code \n} line ends, no control characters, collapsed spaces, at most one
   * blank line in a row, trimmed.
   *
   * @param text raw text
   * @return the cleaned text
   */
  public static String clean(String text) {
    Objects.requireNonNull(text, "text");
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    s = s.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(s.length());
    boolean lineStart = true;
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n' || cp == '\u2028' || cp == '\u2029') {
        trimTrailingSpaces(out);
        out.append('\n');
        lineStart = true;
        pendingSpace = false;
        continue;
      }
      if (cp == '\t' || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        if (lineStart) {
          out.append(cp == '\t' ? "  " : " "); // keep indentation
        } else {
          pendingSpace = true;
        }
        continue;
      }
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE
          || type == Character.SURROGATE) {
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
      }
      out.appendCodePoint(cp);
      lineStart = false;
    }
    trimTrailingSpaces(out);
    // lines holding only indentation become empty
    String result = out.toString().replaceAll("(?m)^[ ]+$", "");
    result = BLANK_LINES.matcher(result).replaceAll("\n\n");
    return stripBlankEdges(result);
  }

  /**
   * Cleans PDF text: joins words hyphenated at line ends, then {@link #clean(String)}.
   *
   * @param text text extracted from a PDF
   * @return the cleaned text
   */
  public static String cleanPdf(String text) {
    return clean(dehyphenate(clean(text)));
  }

  /**
   * Joins words split by a hyphen at a line end when both sides are lower-case letters.
   *
   * @param text text with {@code \n} line ends
   * @return the text with such hyphens and line breaks removed
   */
  public static String dehyphenate(String text) {
    return LINE_BREAK_HYPHEN.matcher(text).replaceAll("$1$2");
  }

  /**
   * Collapses all whitespace (including line breaks) into single spaces and trims; for inline text
   * such as titles and headings.
   *
   * @param text raw text
   * @return one line
   */
  public static String oneLine(String text) {
    return clean(text).replaceAll("\\s+", " ").strip();
  }

  private static void trimTrailingSpaces(StringBuilder sb) {
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == ' ') {
      end--;
    }
    sb.setLength(end);
  }

  /** Removes leading and trailing blank lines but keeps the first line's indentation. */
  private static String stripBlankEdges(String s) {
    int start = 0;
    int lineStart = 0;
    while (start < s.length()) {
      char c = s.charAt(start);
      if (c == '\n') {
        lineStart = start + 1;
      } else if (c != ' ') {
        break;
      }
      start++;
    }
    if (start >= s.length()) {
      return "";
    }
    return s.substring(lineStart).stripTrailing();
  }
}
