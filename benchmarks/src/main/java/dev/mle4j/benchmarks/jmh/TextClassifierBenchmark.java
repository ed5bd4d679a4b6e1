package dev.mle4j.benchmarks.jmh;

import dev.mle4j.core.Classification;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.data.TextDatasets;
import dev.mle4j.nlp.tfidf.TfidfLogRegClassifier;
import dev.mle4j.nlp.tfidf.TfidfLogRegTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference cost of the TF-IDF + logistic regression spam model: one text at a time vs a batch.
 * Trains on the SMS Spam Collection (found through {@code MLE4J_DATA}) once per fork.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks-*-jmh.jar TextClassifierBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TextClassifierBenchmark {

  /** Texts per classifyAll call. */
  @Param({"1", "8", "32"})
  public int batchSize;

  private TfidfLogRegClassifier classifier;
  private List<String> texts;
  private int cursor;

  /** Trains the model and picks the texts. */
  @Setup(Level.Trial)
  public void setUp() {
    List<LabeledText> data = TextDatasets.smsSpam(DatasetCatalog.defaults());
    classifier = TfidfLogRegTrainer.builder().seed(42).build().train(data);
    texts = new ArrayList<>();
    for (LabeledText t : data) {
      texts.add(t.text());
    }
  }

  /** Releases the model. */
  @TearDown(Level.Trial)
  public void tearDown() {
    classifier.close();
  }

  /**
   * Classifies {@link #batchSize} texts one by one.
   *
   * @return the last classification
   */
  @Benchmark
  public Classification oneByOne() {
    Classification last = null;
    for (int i = 0; i < batchSize; i++) {
      last = classifier.classify(next());
    }
    return last;
  }

  /**
   * Classifies {@link #batchSize} texts with one batch call.
   *
   * @return the classifications
   */
  @Benchmark
  public List<Classification> batched() {
    List<String> batch = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      batch.add(next());
    }
    return classifier.classifyAll(batch);
  }

  private String next() {
    String t = texts.get(cursor);
    cursor = (cursor + 1) % texts.size();
    return t;
  }
}
