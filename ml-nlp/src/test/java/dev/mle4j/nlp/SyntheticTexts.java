package dev.mle4j.nlp;

import dev.mle4j.nlp.data.LabeledText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded toy text data for tests: three labels with overlapping vocabularies. */
public final class SyntheticTexts {
  private SyntheticTexts() {}

  /**
   * Makes labelled texts; labels cycle spam, ham, work.
   *
   * @param n number of texts
   * @param seed random seed
   * @return the texts
   */
  public static List<LabeledText> make(int n, long seed) {
    String[][] words = {
      {"free", "win", "prize", "cash", "claim", "urgent", "reward", "txt", "now", "call"},
      {"lunch", "tomorrow", "see", "you", "home", "mum", "dinner", "later", "ok", "love"},
      {"meeting", "report", "deadline", "project", "client", "budget", "review", "now", "ok"}
    };
    String[] labels = {"spam", "ham", "work"};
    Random rnd = new Random(seed);
    List<LabeledText> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      StringBuilder sb = new StringBuilder();
      int len = 4 + rnd.nextInt(6);
      for (int w = 0; w < len; w++) {
        String[] pool = rnd.nextDouble() < 0.8 ? words[c] : words[rnd.nextInt(3)];
        sb.append(pool[rnd.nextInt(pool.length)]).append(' ');
      }
      out.add(new LabeledText(sb.toString().trim(), labels[c]));
    }
    return out;
  }
}
