package dev.mle4j.rag.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A simple, robust rule-based sentence splitter for prose. A sentence ends at {@code .}, {@code !}
 * or {@code ?} (and closing quotes or brackets after it) followed by white space and a capital
 * letter, digit, or opening quote or bracket; it does not end after common abbreviations ({@code
 * e.g.}, {@code i.e.}, {@code etc.}, {@code Sec.}, {@code Fig.}, {@code Dr.}, ...), single-letter
 * initials or dotted acronyms ({@code U.S.}). Decimals ({@code 3.14}) and dotted names in code
 * ({@code pg_catalog.pg_class}) never split since no space follows the dot. CJK full stops split
 * always.
 */
public final class SentenceSplitter {

  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "e.g", "eg", "i.e", "ie", "etc", "vs", "cf", "al", "sec", "secs", "sect", "fig", "figs",
          "eq", "eqs", "ch", "chap", "vol", "vols", "no", "nos", "p", "pp", "dr", "mr", "mrs", "ms",
          "prof", "sr", "jr", "st", "approx", "dept", "est", "inc", "ltd", "co", "corp", "ref",
          "refs", "resp", "viz", "ca", "ed", "eds", "incl", "excl", "appx", "art", "para", "tab",
          "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt",
          "ft", "gen", "gov", "rev", "ver", "op", "cit", "ibid", "et");
  private static final String CLOSERS = ")]}\"'\u2019\u201d\u00bb";
  private static final String OPENERS = "\"'([{\u201c\u2018\u00ab";

  private SentenceSplitter() {}

  /**
   * Splits text into sentences; white space inside a sentence is kept as is, each sentence is
   * stripped.
   *
   * @param text prose (line breaks count as spaces)
   * @return the sentences in order; empty for blank text
   */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\u3002' || c == '\uff01' || c == '\uff1f') {
        add(out, text.substring(start, i + 1));
        start = i + 1;
        i++;
        continue;
      }
      if (c != '.' && c != '!' && c != '?') {
        i++;
        continue;
      }
      int j = i + 1;
      while (j < n && (text.charAt(j) == '.' || text.charAt(j) == '!' || text.charAt(j) == '?')) {
        j++;
      }
      while (j < n && CLOSERS.indexOf(text.charAt(j)) >= 0) {
        j++;
      }
      if (j >= n) {
        break;
      }
      if (!Character.isWhitespace(text.charAt(j))) {
        i = j;
        continue;
      }
      int k = j;
      while (k < n && Character.isWhitespace(text.charAt(k))) {
        k++;
      }
      if (k >= n) {
        break;
      }
      int next = text.codePointAt(k);
      boolean startsSentence =
          Character.isUpperCase(next)
              || Character.isTitleCase(next)
              || Character.isDigit(next)
              || OPENERS.indexOf(next) >= 0
              || (Character.isLetter(next)
                  && !Character.isLowerCase(next)
                  && !Character.isUpperCase(next));
      if (!startsSentence || (c == '.' && j == i + 1 && isAbbreviation(text, start, i))) {
        i = j;
        continue;
      }
      add(out, text.substring(start, j));
      start = k;
      i = k;
    }
    if (start < n) {
      add(out, text.substring(start));
    }
    return out;
  }

  /** Whether the word ending just before the dot at {@code dot} is an abbreviation or initial. */
  private static boolean isAbbreviation(String text, int from, int dot) {
    int b = dot;
    while (b > from && !Character.isWhitespace(text.charAt(b - 1))) {
      b--;
    }
    String word = text.substring(b, dot);
    while (!word.isEmpty() && OPENERS.indexOf(word.charAt(0)) >= 0) {
      word = word.substring(1);
    }
    if (word.isEmpty()) {
      return false;
    }
    if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
      return true; // an initial: "J. Smith"
    }
    if (word.matches("\\p{L}(\\.\\p{L})+")) {
      return true; // "e.g", "i.e", "U.S"
    }
    return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
  }

  private static void add(List<String> out, String sentence) {
    String s = sentence.strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
  }
}
