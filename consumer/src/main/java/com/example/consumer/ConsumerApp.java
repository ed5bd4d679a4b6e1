package com.example.consumer;

import dev.mle4j.core.Classification;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.tfidf.TfidfLogRegClassifier;
import dev.mle4j.nlp.tfidf.TfidfLogRegTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Uses mle4j only through its published artifacts: trains a TF-IDF + logistic regression spam
 * classifier on a few texts, classifies, saves, loads the saved model back and checks that it
 * gives the same answer. Exits 1 when anything disagrees.
 */
public final class ConsumerApp {

  private ConsumerApp() {}

  /**
   * Runs the check.
   *
   * @param args unused
   * @throws Exception on an unexpected failure
   */
  public static void main(String[] args) throws Exception {
    String[] spam = {"win a free prize now", "claim your cash reward today", "free entry win cash"};
    String[] ham = {"see you at lunch", "are we meeting tonight", "call me after work please"};
    List<LabeledText> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(new LabeledText(spam[i % spam.length] + " " + i, "spam"));
      rows.add(new LabeledText(ham[i % ham.length] + " " + i, "ham"));
    }
    Path dir = Files.createTempDirectory("mle4j-consumer");
    try (TfidfLogRegClassifier model = TfidfLogRegTrainer.builder().build().train(rows)) {
      Classification c = model.classify("free cash prize, claim now");
      System.out.println("labels " + model.labels() + "; 'free cash prize, claim now' -> " + c);
      model.save(dir);
      try (TfidfLogRegClassifier loaded = TfidfLogRegClassifier.load(dir)) {
        Classification again = loaded.classify("free cash prize, claim now");
        if (!"spam".equals(c.label()) || !again.label().equals(c.label())) {
          System.err.println("consumer check failed: " + c + " / " + again);
          System.exit(1);
        }
        System.out.println("consumer check OK: saved and loaded model agree (" + again.label() + ")");
      }
    }
  }
}
