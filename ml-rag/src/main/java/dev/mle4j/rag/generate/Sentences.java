package dev.mle4j.rag.generate;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sentence splitting and citation-marker parsing shared by the generators. */
final class Sentences {
  private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n");
  private static final Pattern MARKER =
      Pattern.compile("\\[(\\d+(?:\\s*[,;\\-\u2013]\\s*\\d+)*)\\]");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*[\\-\u2013]\\s*(\\d+)");

  private Sentences() {}

  /**
   * Splits text into sentences: paragraphs (blank-line separated) first, then the JDK's sentence
   * rules. Whitespace inside a sentence is collapsed; empty pieces are dropped.
   */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    for (String paragraph : BLANK_LINES.split(text)) {
      BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
      it.setText(paragraph);
      int start = it.first();
      for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
        String s = paragraph.substring(start, end).strip().replaceAll("\\s+", " ");
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /**
   * Splits text into answer-sized units: sentences as {@link #split}, but a sentence longer than
   * {@code maxWords} words (typically a table, code or a synopsis without sentence punctuation) is
   * split at its line breaks, then at semicolons; pieces still longer are dropped.
   */
  static List<String> units(String text, int maxWords) {
    List<String> out = new ArrayList<>();
    for (String paragraph : BLANK_LINES.split(text)) {
      BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
      it.setText(paragraph);
      int start = it.first();
      for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
        String raw = paragraph.substring(start, end);
        if (words(raw) <= maxWords) {
          add(out, raw);
          continue;
        }
        for (String line : raw.split("\\R")) {
          if (words(line) <= maxWords) {
            add(out, line);
            continue;
          }
          for (String piece : line.split(";\\s")) {
            if (words(piece) <= maxWords) {
              add(out, piece);
            }
          }
        }
      }
    }
    return out;
  }

  private static void add(List<String> out, String raw) {
    String s = raw.strip().replaceAll("\\s+", " ");
    if (!s.isEmpty()) {
      out.add(s);
    }
  }

  static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  /**
   * The source numbers cited with markers like {@code [2]}, {@code [1, 3]} or {@code [1-3]}, in
   * ascending order, restricted to {@code 1..max}.
   */
  static List<Integer> citedNumbers(String answer, int max) {
    boolean[] seen = new boolean[max + 1];
    Matcher m = MARKER.matcher(answer);
    while (m.find()) {
      String inside = m.group(1);
      Matcher range = RANGE.matcher(inside);
      while (range.find()) {
        int from = parse(range.group(1));
        int to = parse(range.group(2));
        for (int n = Math.max(1, from); n <= Math.min(max, to) && to - from <= max; n++) {
          seen[n] = true;
        }
      }
      Matcher num = NUMBER.matcher(inside);
      while (num.find()) {
        int n = parse(num.group());
        if (n >= 1 && n <= max) {
          seen[n] = true;
        }
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int n = 1; n <= max; n++) {
      if (seen[n]) {
        out.add(n);
      }
    }
    return out;
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
