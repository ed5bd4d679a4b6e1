package dev.mle4j.nlp.classical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.SavedModels;
import dev.mle4j.nlp.tfidf.SparseVector;
import dev.mle4j.nlp.tfidf.TfidfVectorizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.mnb.MultinomialNaiveBayesModel;
import org.tribuo.impl.ArrayExample;

/**
 * A text classifier made of a {@link TfidfVectorizer} (TF-IDF or bag-of-words features) and any
 * Tribuo classification model, such as multinomial naive Bayes or XGBoost; trained by {@link
 * TribuoTextTrainer}. Scores are the model's probabilities for every label, renormalised to sum to
 * 1; {@link #labels()} are sorted alphabetically.
 *
 * <p>Input: a {@code null} text is rejected with an {@link MlException}. A text without any
 * vocabulary term (for example an empty one) gives no features, which Tribuo models cannot score:
 * it gets the label frequencies of the training set as its scores (the majority label wins).
 *
 * <p>Saved form ({@link #save(Path)}): {@value #VECTORIZER_FILE}, {@value #MODEL_FILE} (Tribuo
 * protobuf), {@value #PRIORS_FILE} (training label frequencies) and {@code model-card.json}, with
 * format {@value #FORMAT}; {@link TribuoTextLoader} reads it back with identical scores.
 *
 * <p>Thread-safe; {@link #classifyAll} predicts the whole batch in one Tribuo call, which XGBoost
 * scores as one matrix. Naive Bayes models are scored from a per-term table of Tribuo's
 * log-likelihoods built once at load time (the same sums as Tribuo's {@code predict}, which
 * recomputes its smoothing terms over the whole vocabulary for every text), equal to Tribuo's
 * scores up to floating-point rounding.
 */
public final class TribuoTextClassifier implements SavableTextClassifier {

  /** The {@link ModelCard#format()} of these models. */
  public static final String FORMAT = "tribuo-text/v1";

  /** File name of the vectorizer state inside a saved model folder. */
  public static final String VECTORIZER_FILE = "vectorizer.json";

  /** File name of the Tribuo model inside a saved model folder. */
  public static final String MODEL_FILE = "model.tribuo";

  /** File name of the training label frequencies inside a saved model folder. */
  public static final String PRIORS_FILE = "label-priors.json";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final TfidfVectorizer vectorizer;
  private final Model<Label> model;
  private final ModelCard card;
  private final List<String> labels;
  private final double[] priors;
  private final double[] nbWeights; // naive Bayes fast path: [term * labels + label], else null

  TribuoTextClassifier(
      TfidfVectorizer vectorizer, Model<Label> model, Map<String, Double> priors, ModelCard card) {
    this.vectorizer = Objects.requireNonNull(vectorizer, "vectorizer");
    this.model = Objects.requireNonNull(model, "model");
    Objects.requireNonNull(priors, "priors");
    TreeSet<String> sorted = new TreeSet<>();
    model.getOutputIDInfo().getDomain().forEach(l -> sorted.add(l.getLabel()));
    this.labels = List.copyOf(sorted);
    if (!priors.keySet().equals(sorted)) {
      throw new MlException(
          "label priors name " + new TreeSet<>(priors.keySet()) + ", model has " + labels);
    }
    this.priors = new double[labels.size()];
    for (int i = 0; i < labels.size(); i++) {
      Double p = priors.get(labels.get(i));
      if (p == null || !(p >= 0) || p > 1) {
        throw new MlException("label prior of '" + labels.get(i) + "' is " + p + ", not in [0,1]");
      }
      this.priors[i] = p;
    }
    this.card = SavedModels.checkCard(card, FORMAT, labels);
    this.nbWeights = naiveBayesWeights(vectorizer, model, labels, card);
  }

  private TribuoTextClassifier(TribuoTextClassifier base, ModelCard card) {
    this.vectorizer = base.vectorizer;
    this.model = base.model;
    this.labels = base.labels;
    this.priors = base.priors;
    this.nbWeights = base.nbWeights;
    this.card = SavedModels.checkCard(card, FORMAT, labels);
  }

  /**
   * For a Tribuo multinomial naive Bayes model whose smoothing {@code alpha} the card records, the
   * per-term log-likelihood table that Tribuo's {@code predict} evaluates sparsely, smoothing
   * entries included (Tribuo recomputes them from the whole vocabulary for every example); null for
   * other models, which are scored by Tribuo itself.
   */
  private static double[] naiveBayesWeights(
      TfidfVectorizer vectorizer, Model<Label> model, List<String> labels, ModelCard card) {
    if (!(model instanceof MultinomialNaiveBayesModel)) {
      return null;
    }
    String alphaText = card.parameters().get("alpha");
    double alpha;
    try {
      alpha = alphaText == null ? Double.NaN : Double.parseDouble(alphaText);
    } catch (NumberFormatException e) {
      alpha = Double.NaN;
    }
    if (!(alpha > 0)) {
      return null; // unknown smoothing: let Tribuo score
    }
    int numLabels = labels.size();
    int vocabSize = model.getFeatureIDMap().size();
    Map<String, List<Pair<String, Double>>> rows = model.getTopFeatures(-1);
    double[] weights = new double[vectorizer.size() * numLabels];
    boolean[] known = new boolean[vectorizer.size()];
    for (VariableInfo f : model.getFeatureIDMap()) {
      int index = vectorizer.indexOf(f.getName());
      if (index >= 0) {
        known[index] = true;
      }
    }
    for (int l = 0; l < numLabels; l++) {
      List<Pair<String, Double>> row = rows.get(labels.get(l));
      if (row == null) {
        return null;
      }
      double oneNorm = 0;
      for (Pair<String, Double> entry : row) {
        oneNorm += Math.abs(entry.getB());
      }
      // Tribuo's smoothing term for (label, feature) pairs absent from the sparse matrix
      double unobserved = Math.log(alpha / (oneNorm + vocabSize * alpha));
      for (int t = 0; t < known.length; t++) {
        weights[t * numLabels + l] = known[t] ? unobserved : 0.0;
      }
      for (Pair<String, Double> entry : row) {
        int index = vectorizer.indexOf(entry.getA());
        if (index >= 0) {
          weights[index * numLabels + l] = entry.getB();
        }
      }
    }
    return weights;
  }

  /** Softmax of the naive Bayes log-likelihoods, as Tribuo's exp normalizer computes it. */
  private double[] naiveBayesScores(SparseVector v) {
    int numLabels = labels.size();
    double[] z = new double[numLabels];
    for (int i = 0; i < v.size(); i++) {
      int base = v.indexAt(i) * numLabels;
      double value = v.valueAt(i);
      for (int l = 0; l < numLabels; l++) {
        z[l] += nbWeights[base + l] * value;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (int l = 0; l < numLabels; l++) {
      z[l] = Math.exp(z[l] - max);
      sum += z[l];
    }
    for (int l = 0; l < numLabels; l++) {
      z[l] /= sum;
    }
    return z;
  }

  /**
   * The scores Tribuo's own {@code predict} gives, bypassing the naive Bayes fast path; for tests
   * and diagnostics.
   *
   * @param text a text with at least one vocabulary term
   * @return the score of each label, in label order
   */
  double[] tribuoScores(String text) {
    SparseVector v = vectorizer.transform(text);
    return scores(model.predict(toExample(vectorizer, v, LabelFactory.UNKNOWN_LABEL)));
  }

  /**
   * Whether naive Bayes scores are computed from a precomputed table rather than by Tribuo.
   *
   * @return true for the fast path
   */
  boolean usesFastPath() {
    return nbWeights != null;
  }

  /**
   * Returns a classifier with another card (e.g. one holding evaluation metrics); the copy shares
   * the vectorizer and model, so closing either closes both.
   *
   * @param newCard the card; its format and labels must match
   * @return the classifier with the new card
   * @throws MlException if the card's format or labels do not match
   */
  public TribuoTextClassifier withCard(ModelCard newCard) {
    return new TribuoTextClassifier(this, newCard);
  }

  @Override
  public Classification classify(String text) {
    if (text == null) {
      throw new MlException("text is null");
    }
    return classifyAll(List.of(text)).get(0);
  }

  /**
   * Classifies many texts with one batched Tribuo prediction.
   *
   * @param texts the texts (no nulls)
   * @return one classification per text, in order
   * @throws MlException if the list or a text is null (the message names the index)
   */
  @Override
  public List<Classification> classifyAll(List<String> texts) {
    if (texts == null) {
      throw new MlException("texts is null");
    }
    Classification[] out = new Classification[texts.size()];
    List<Example<Label>> examples = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new MlException("text at index " + i + " is null");
      }
      SparseVector v = vectorizer.transform(text);
      if (v.size() == 0) {
        out[i] = Classification.fromScores(labels, priors.clone());
      } else if (nbWeights != null) {
        out[i] = Classification.fromScores(labels, naiveBayesScores(v));
      } else {
        examples.add(toExample(vectorizer, v, LabelFactory.UNKNOWN_LABEL));
        positions.add(i);
      }
    }
    if (!examples.isEmpty()) {
      List<Prediction<Label>> predictions = model.predict(examples);
      for (int k = 0; k < predictions.size(); k++) {
        out[positions.get(k)] = Classification.fromScores(labels, scores(predictions.get(k)));
      }
    }
    return List.of(out);
  }

  private double[] scores(Prediction<Label> prediction) {
    double[] s = new double[labels.size()];
    Map<String, Label> byName = prediction.getOutputScores();
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      Label l = byName.get(labels.get(i));
      double v = l == null ? 0.0 : l.getScore();
      s[i] = Double.isFinite(v) && v > 0 ? v : 0.0;
      sum += s[i];
    }
    if (sum > 0) {
      for (int i = 0; i < s.length; i++) {
        s[i] /= sum;
      }
    } else {
      // a model without probabilities: all weight on its predicted label
      s[labels.indexOf(prediction.getOutput().getLabel())] = 1.0;
    }
    return s;
  }

  /** A Tribuo example whose feature names are the vocabulary terms of the vector's indices. */
  static ArrayExample<Label> toExample(TfidfVectorizer vectorizer, SparseVector v, Label label) {
    String[] names = new String[v.size()];
    double[] values = new double[v.size()];
    for (int i = 0; i < v.size(); i++) {
      names[i] = vectorizer.term(v.indexAt(i));
      values[i] = v.valueAt(i);
    }
    return new ArrayExample<>(label, names, values);
  }

  @Override
  public List<String> labels() {
    return labels;
  }

  @Override
  public ModelCard card() {
    return card;
  }

  /**
   * The fitted vectorizer.
   *
   * @return the vectorizer
   */
  public TfidfVectorizer vectorizer() {
    return vectorizer;
  }

  /**
   * The underlying Tribuo model (feature names are the vocabulary terms).
   *
   * @return the model
   */
  public Model<Label> tribuoModel() {
    return model;
  }

  /**
   * The training label frequencies, the scores of texts without any vocabulary term.
   *
   * @return label to frequency, in label order
   */
  public Map<String, Double> labelPriors() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      m.put(labels.get(i), priors[i]);
    }
    return m;
  }

  /**
   * Saves the vectorizer, the Tribuo model, the label priors and the card into a folder (created if
   * needed; each file written atomically).
   *
   * @param dir the folder
   * @throws MlException if a file cannot be written
   */
  @Override
  public void save(Path dir) {
    Objects.requireNonNull(dir, "dir");
    vectorizer.save(dir.resolve(VECTORIZER_FILE));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      model.serializeToStream(bytes);
      AtomicFiles.writeString(dir.resolve(PRIORS_FILE), JSON.writeValueAsString(labelPriors()));
    } catch (IOException e) {
      throw new MlException("cannot serialize the model into " + dir + ": " + e, e);
    }
    AtomicFiles.write(dir.resolve(MODEL_FILE), bytes.toByteArray());
    ModelCardJson.write(card, dir.resolve(ModelCardJson.FILE_NAME));
  }

  /**
   * Loads a classifier saved with {@link #save(Path)}, reading the card from the folder.
   *
   * @param dir the folder
   * @return the classifier
   * @throws MlException if a file is missing, unreadable or inconsistent with the others
   */
  public static TribuoTextClassifier load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return load(dir, ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME)));
  }

  /**
   * Loads a classifier from a folder with a card kept elsewhere (e.g. by the model registry).
   *
   * @param dir the folder holding the artifact files
   * @param card the model card (format {@value #FORMAT})
   * @return the classifier
   * @throws MlException if a file is missing, unreadable or inconsistent with the others
   */
  public static TribuoTextClassifier load(Path dir, ModelCard card) {
    SavedModels.checkFolder(dir, card, FORMAT);
    Model<Label> model = readModel(dir.resolve(MODEL_FILE));
    Map<String, Double> priors = readPriors(dir.resolve(PRIORS_FILE));
    TfidfVectorizer vectorizer = TfidfVectorizer.load(dir.resolve(VECTORIZER_FILE));
    try {
      return new TribuoTextClassifier(vectorizer, model, priors, card);
    } catch (MlException e) {
      vectorizer.close();
      throw new MlException(dir + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Double> readPriors(Path file) {
    try {
      return JSON.readValue(Files.readString(file), new TypeReference<Map<String, Double>>() {});
    } catch (NoSuchFileException e) {
      throw new MlException("label priors file not found: " + file, e);
    } catch (JsonProcessingException e) {
      throw new MlException("invalid label priors JSON " + file + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MlException("cannot read label priors " + file + ": " + e, e);
    }
  }

  private static Model<Label> readModel(Path file) {
    Model<?> raw;
    try {
      raw = Model.deserializeFromFile(file);
    } catch (NoSuchFileException e) {
      throw new MlException("Tribuo model file not found: " + file, e);
    } catch (IOException | RuntimeException e) {
      throw new MlException("cannot read Tribuo model " + file + ": " + e, e);
    }
    if (!raw.validate(Label.class)) {
      throw new MlException("Tribuo model " + file + " is not a classification model");
    }
    @SuppressWarnings("unchecked")
    Model<Label> model = (Model<Label>) raw;
    return model;
  }

  /** Releases the vectorizer's analyzer; later calls to {@link #classify} fail. */
  @Override
  public void close() {
    vectorizer.close();
  }
}
