package dev.mle4j.nlp.finetune;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.SavedModels;
import dev.mle4j.nlp.ort.OrtTextClassifier;
import dev.mle4j.nlp.ort.OrtTextConfig;
import dev.mle4j.nlp.text.TokenBatch;
import dev.mle4j.nlp.text.WordPieceTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A fine-tuned BERT-style text classifier (e.g. all-MiniLM-L6-v2 with every encoder weight trained
 * on the task): word-piece tokens, encoder, mean pooling over the attention mask, linear head,
 * softmax. Trained by {@link MiniLmFineTuneTrainer}; runs on DJL's PyTorch engine (CPU).
 *
 * <p>Texts longer than the maximum length are truncated (documented behaviour, not an error);
 * {@link #classifyAll(List)} sorts texts by token count and runs batches of {@value #BATCH} so
 * padding stays small. A {@code null} text is rejected.
 *
 * <p>Saved form ({@link #save(Path)}): {@value #PARAMS_FILE} (DJL parameters of encoder and head),
 * {@value #CONFIG_FILE} (encoder shape, labels, maximum length), {@value #TOKENIZER_FILE} (a copy
 * of the tokenizer) and {@code model-card.json}. {@link #load(Path, ModelCard)} gives identical
 * scores. Close the classifier to free the native memory; do not close it while another thread
 * classifies.
 */
public final class FineTunedTextClassifier implements SavableTextClassifier {

  /** Artifact format written into the model card. */
  public static final String FORMAT = "minilm-finetuned/v1";

  /** File of the DJL parameters inside a saved model folder. */
  public static final String PARAMS_FILE = "model.params";

  /** File of the configuration inside a saved model folder. */
  public static final String CONFIG_FILE = "finetune-config.json";

  /** File of the tokenizer inside a saved model folder. */
  public static final String TOKENIZER_FILE = "tokenizer.json";

  static final int BATCH = 32;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@value #CONFIG_FILE} holds. */
  record SavedConfig(BertConfig encoder, List<String> labels, int maxLength, float headDropout) {}

  private final Model model;
  private final BertClassifierBlock block;
  private final WordPieceTokenizer tokenizer;
  private final SavedConfig config;
  private final ModelCard card;

  FineTunedTextClassifier(
      Model model,
      BertClassifierBlock block,
      WordPieceTokenizer tokenizer,
      SavedConfig config,
      ModelCard card) {
    this.model = model;
    this.block = block;
    this.tokenizer = tokenizer;
    this.config = config;
    this.card = SavedModels.checkCard(card, FORMAT, config.labels());
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray a = p.getValue().getArray();
      if (a.hasGradient()) {
        a.setRequiresGradient(false);
      }
    }
  }

  /**
   * Returns this classifier with another card (same format and labels), sharing the weights:
   * closing either closes both.
   *
   * @param newCard the card
   * @return the classifier with the new card
   */
  public FineTunedTextClassifier withCard(ModelCard newCard) {
    return new FineTunedTextClassifier(model, block, tokenizer, config, newCard);
  }

  @Override
  public Classification classify(String text) {
    if (text == null) {
      throw new MlException("text is null");
    }
    return classifyAll(List.of(text)).get(0);
  }

  @Override
  public List<Classification> classifyAll(List<String> texts) {
    if (texts == null) {
      throw new MlException("texts is null");
    }
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new MlException("text at index " + i + " is null");
      }
    }
    double[][] probs = probabilities(texts);
    List<Classification> out = new ArrayList<>(texts.size());
    for (double[] p : probs) {
      out.add(Classification.fromScores(config.labels(), p));
    }
    return out;
  }

  double[][] probabilities(List<String> texts) {
    return probabilities(model, block, tokenizer, config.labels().size(), texts);
  }

  /** Softmax probabilities, in input order; batches of texts of similar length. */
  static double[][] probabilities(
      Model model,
      BertClassifierBlock block,
      WordPieceTokenizer tokenizer,
      int labels,
      List<String> texts) {
    List<long[]> ids = tokenizer.ids(texts);
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> ids.get(i).length));
    double[][] out = new double[texts.size()][];
    NDManager base = model.getNDManager();
    for (int start = 0; start < order.length; start += BATCH) {
      int end = Math.min(order.length, start + BATCH);
      List<long[]> batch = new ArrayList<>(end - start);
      for (int k = start; k < end; k++) {
        batch.add(ids.get(order[k]));
      }
      try (NDManager sub = base.newSubManager()) {
        NDList in = BertClassifierBlock.inputs(TokenBatch.pad(batch), sub);
        NDArray logits =
            block.forward(new ParameterStore(sub, false), in, false).singletonOrThrow();
        float[] p = logits.softmax(-1).toFloatArray();
        for (int k = start; k < end; k++) {
          double[] row = new double[labels];
          for (int j = 0; j < labels; j++) {
            row[j] = p[(k - start) * labels + j];
          }
          out[order[k]] = row;
        }
      }
    }
    return out;
  }

  /**
   * This model (encoder, mean pooling, head) as one ONNX graph: inputs {@code input_ids}, {@code
   * attention_mask}, {@code token_type_ids} (int64 {@code [batch, tokens]}), output {@code logits}
   * ({@code [batch, labels]}); ONNX Runtime gives the same probabilities as this classifier.
   *
   * @return the serialized ONNX model (opset 17)
   */
  public byte[] exportOnnx() {
    return BertOnnxExport.export(block, config.labels().size(), card.name() + "@" + card.version());
  }

  /**
   * This model exported to ONNX and opened in ONNX Runtime, with the same tokenizer, labels and
   * maximum length.
   *
   * @param onnxCard the card of the exported model (format {@value OrtTextClassifier#FORMAT})
   * @param threads intra-op threads of the session
   * @return the ONNX Runtime classifier (the caller closes it)
   */
  public OrtTextClassifier toOnnx(ModelCard onnxCard, int threads) {
    String source = card.name() + (card.version().isEmpty() ? "" : "@" + card.version());
    return OrtTextClassifier.of(
        exportOnnx(),
        tokenizer.json(),
        new OrtTextConfig(config.labels(), config.maxLength(), "fp32", source),
        onnxCard,
        threads);
  }

  @Override
  public List<String> labels() {
    return config.labels();
  }

  @Override
  public ModelCard card() {
    return card;
  }

  /**
   * Maximum tokens per text (longer texts are truncated).
   *
   * @return the maximum length
   */
  public int maxLength() {
    return config.maxLength();
  }

  /**
   * The encoder shape.
   *
   * @return the configuration
   */
  public BertConfig encoderConfig() {
    return config.encoder();
  }

  /**
   * Saves parameters, configuration, tokenizer and card into a folder (created if needed; each file
   * written atomically).
   *
   * @param dir the folder
   * @throws MlException if a file cannot be written
   */
  @Override
  public void save(Path dir) {
    Objects.requireNonNull(dir, "dir");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new MlException("cannot serialize the fine-tuned model: " + e, e);
    }
    AtomicFiles.write(dir.resolve(PARAMS_FILE), bytes.toByteArray());
    try {
      AtomicFiles.write(
          dir.resolve(CONFIG_FILE),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    } catch (IOException e) {
      throw new MlException("cannot write " + dir.resolve(CONFIG_FILE) + ": " + e, e);
    }
    AtomicFiles.write(dir.resolve(TOKENIZER_FILE), tokenizer.json());
    ModelCardJson.write(card, dir.resolve(ModelCardJson.FILE_NAME));
  }

  /**
   * Loads a classifier saved with {@link #save(Path)}, reading the card from the folder.
   *
   * @param dir the folder
   * @return the classifier
   * @throws MlException if a file is missing, unreadable or inconsistent
   */
  public static FineTunedTextClassifier load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return load(dir, ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME)));
  }

  /**
   * Loads a classifier from a folder with a card kept elsewhere (e.g. by the model registry).
   *
   * @param dir the folder
   * @param card the card (format {@value #FORMAT})
   * @return the classifier
   * @throws MlException if a file is missing, unreadable or inconsistent
   */
  public static FineTunedTextClassifier load(Path dir, ModelCard card) {
    SavedModels.checkFolder(dir, card, FORMAT);
    Path configFile = dir.resolve(CONFIG_FILE);
    SavedConfig config;
    try {
      config = JSON.readValue(configFile.toFile(), SavedConfig.class);
    } catch (IOException | RuntimeException e) {
      if (!Files.exists(configFile)) {
        throw new MlException("configuration file not found: " + configFile, e);
      }
      throw new MlException("cannot read " + configFile + ": " + e.getMessage(), e);
    }
    if (config.encoder() == null || config.labels() == null || config.labels().size() < 2) {
      throw new MlException(configFile + ": needs an encoder configuration and at least 2 labels");
    }
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromFile(dir.resolve(TOKENIZER_FILE), config.maxLength());
    Model model = Model.newInstance("minilm-finetuned");
    try {
      BertClassifierBlock block =
          new BertClassifierBlock(config.encoder(), config.labels().size(), config.headDropout());
      Shape s = new Shape(1, 2);
      block.initialize(model.getNDManager(), DataType.FLOAT32, s, s, s);
      model.setBlock(block);
      Path params = dir.resolve(PARAMS_FILE);
      try (InputStream in = Files.newInputStream(params);
          DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
        block.loadParameters(model.getNDManager(), data);
      } catch (NoSuchFileException e) {
        throw new MlException("parameter file not found: " + params, e);
      } catch (IOException | MalformedModelException | RuntimeException e) {
        throw new MlException("cannot read parameters " + params + ": " + e.getMessage(), e);
      }
      return new FineTunedTextClassifier(model, block, tokenizer, config, card);
    } catch (RuntimeException e) {
      model.close();
      tokenizer.close();
      throw e;
    }
  }

  /** Frees the weights and the tokenizer. */
  @Override
  public void close() {
    model.close();
    tokenizer.close();
  }
}
