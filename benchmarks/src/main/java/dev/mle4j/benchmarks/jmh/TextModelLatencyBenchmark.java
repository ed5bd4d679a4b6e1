package dev.mle4j.benchmarks.jmh;

import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.data.DatasetCatalog;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.data.TextDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Inference latency of every text model family at batch 1, 8 and 32, on models saved by {@code
 * mle4j text compare} (each under {@code <models>/<name>/}) and loaded back through their {@link
 * dev.mle4j.core.ModelLoader}: the same code path as serving. Texts are SMS messages.
 *
 * <p>Run: {@code java -Dmle4j.bench.models=outputs/text-compare/sms-spam/models -jar
 * benchmarks/target/benchmarks-*-jmh.jar TextModelLatencyBenchmark -p model=tfidf-logreg,lstm}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED"})
public class TextModelLatencyBenchmark {

  /** Model name: a folder under the models directory. */
  @Param({
    "tfidf-logreg",
    "bow-logreg",
    "tfidf-nb",
    "bow-nb",
    "tfidf-xgboost",
    "rnn",
    "lstm",
    "gru",
    "bilstm",
    "bilstm-minilm-emb",
    "minilm-head",
    "bge-head",
    "e5-head",
    "minilm-finetuned"
  })
  public String model;

  /** Texts per {@code classifyAll} call. */
  @Param({"1", "8", "32"})
  public int batchSize;

  private Classifier<?> loaded;
  private Classifier<String> classifier;
  private List<String> texts;
  private int cursor;

  /** Loads the saved model and the texts. */
  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    Path root =
        Path.of(System.getProperty("mle4j.bench.models", "outputs/text-compare/sms-spam/models"));
    Path dir = root.resolve(model);
    if (!Files.isDirectory(dir)) {
      throw new MlException(
          "no saved model "
              + dir
              + "; run 'mle4j text compare' first and point -Dmle4j.bench.models at its models/");
    }
    ModelCard card = ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME));
    loaded = ModelLoaders.discover().load(dir, card);
    classifier = (Classifier<String>) loaded;
    texts = new ArrayList<>();
    for (LabeledText t : TextDatasets.smsSpam(DatasetCatalog.defaults())) {
      texts.add(t.text());
    }
  }

  /** Releases the model. */
  @TearDown(Level.Trial)
  public void tearDown() {
    loaded.close();
  }

  /**
   * One {@code classifyAll} call of {@link #batchSize} texts.
   *
   * @return the classifications
   */
  @Benchmark
  public List<Classification> classifyBatch() {
    List<String> batch = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      batch.add(texts.get(cursor));
      cursor = (cursor + 1) % texts.size();
    }
    return classifier.classifyAll(batch);
  }
}
