package dev.mle4j.nlp.rnn;

import dev.mle4j.nlp.data.LabeledText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded short texts whose label is decided by one keyword among filler words. */
final class KeywordTexts {
  private static final String[] FILLER = {
    "the", "a", "meeting", "call", "today", "later", "home", "car", "blue", "green", "house", "run",
    "walk", "table", "window", "coffee", "music", "book", "phone", "train", "river", "city"
  };

  private KeywordTexts() {}

  /** Labels "pos" (keyword "excellent") and "neg" (keyword "terrible"), alternating. */
  static List<LabeledText> make(int n, long seed) {
    Random rnd = new Random(seed);
    List<LabeledText> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean pos = i % 2 == 0;
      int len = 3 + rnd.nextInt(8);
      int at = rnd.nextInt(len);
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < len; w++) {
        if (w > 0) {
          sb.append(' ');
        }
        sb.append(w == at ? (pos ? "excellent" : "terrible") : FILLER[rnd.nextInt(FILLER.length)]);
      }
      out.add(new LabeledText(sb.toString(), pos ? "pos" : "neg"));
    }
    return out;
  }
}
