package dev.mle4j.nlp.tfidf;

import dev.mle4j.core.Classification;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.nlp.SavableTextClassifier;
import dev.mle4j.nlp.SavedModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.math.la.DenseMatrix;

/**
 * A text classifier made of a {@link TfidfVectorizer} and a Tribuo logistic-regression model;
 * trained by {@link TfidfLogRegTrainer}. Scores are the model's softmax probabilities for every
 * label; {@link #labels()} are sorted alphabetically.
 *
 * <p>Input: a {@code null} text is rejected with an {@link MlException}. An empty or blank text,
 * like a text made only of words the model never saw, has an all-zero TF-IDF vector and is
 * classified from the model's bias terms alone (the label the model favours without evidence).
 *
 * <p>Saved form ({@link #save(Path)}): a folder with {@value #VECTORIZER_FILE} (the fitted TF-IDF
 * state), {@value #MODEL_FILE} (the Tribuo model as protobuf, {@code Model.serializeToFile}) and
 * {@code model-card.json}. {@link #load(Path)} restores a classifier with identical scores.
 *
 * <p>Thread-safe. For speed, the Tribuo weights are copied into arrays indexed by vocabulary
 * position, so classification runs without Tribuo's per-example feature-name lookups; the scores
 * equal Tribuo's own {@code predict} up to floating-point rounding.
 */
public final class TfidfLogRegClassifier implements SavableTextClassifier {

  /** File name of the vectorizer state inside a saved model folder. */
  public static final String VECTORIZER_FILE = "vectorizer.json";

  /** File name of the Tribuo model inside a saved model folder. */
  public static final String MODEL_FILE = "model.tribuo";

  private final TfidfVectorizer vectorizer;
  private final Model<Label> model;
  private final ModelCard card;
  private final List<String> labels;
  private final double[] weights; // [term * labels + label]
  private final double[] bias;

  TfidfLogRegClassifier(TfidfVectorizer vectorizer, Model<Label> model, ModelCard card) {
    this.vectorizer = Objects.requireNonNull(vectorizer, "vectorizer");
    this.model = Objects.requireNonNull(model, "model");
    if (!(model instanceof AbstractLinearSGDModel<Label> linear)) {
      throw new MlException(
          "expected a Tribuo linear SGD model, got " + model.getClass().getName());
    }
    ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
    TreeSet<String> sorted = new TreeSet<>();
    outputs.getDomain().forEach(l -> sorted.add(l.getLabel()));
    this.labels = List.copyOf(sorted);
    int numLabels = labels.size();
    int[] labelPos = new int[numLabels];
    for (int id = 0; id < numLabels; id++) {
      labelPos[id] = labels.indexOf(outputs.getOutput(id).getLabel());
    }
    DenseMatrix w = linear.getWeightsCopy();
    ImmutableFeatureMap features = model.getFeatureIDMap();
    int numFeatures = features.size();
    if (w.getDimension1Size() != numLabels || w.getDimension2Size() != numFeatures + 1) {
      throw new MlException(
          "Tribuo weight matrix has shape "
              + w.getDimension1Size()
              + "x"
              + w.getDimension2Size()
              + ", expected "
              + numLabels
              + "x"
              + (numFeatures + 1));
    }
    this.weights = new double[vectorizer.size() * numLabels];
    this.bias = new double[numLabels];
    for (int j = 0; j < numFeatures; j++) {
      String term = features.get(j).getName();
      int index = vectorizer.indexOf(term);
      if (index < 0) {
        throw new MlException(
            "model feature '"
                + term
                + "' is not in the TF-IDF vocabulary: vectorizer and model do not belong together");
      }
      for (int id = 0; id < numLabels; id++) {
        weights[index * numLabels + labelPos[id]] = w.get(id, j);
      }
    }
    for (int id = 0; id < numLabels; id++) {
      bias[labelPos[id]] = w.get(id, numFeatures);
    }
    this.card = SavedModels.checkCard(card, TfidfLogRegTrainer.FORMAT, labels);
  }

  private TfidfLogRegClassifier(TfidfLogRegClassifier base, ModelCard card) {
    this.vectorizer = base.vectorizer;
    this.model = base.model;
    this.labels = base.labels;
    this.weights = base.weights;
    this.bias = base.bias;
    this.card = SavedModels.checkCard(card, TfidfLogRegTrainer.FORMAT, labels);
  }

  /**
   * Returns a classifier with another card (e.g. one holding the evaluation metrics). The copy
   * shares this classifier's vectorizer and model: closing either closes both.
   *
   * @param newCard the card; its format and labels must match
   * @return the classifier with the new card
   * @throws MlException if the card's format or labels do not match this model
   */
  public TfidfLogRegClassifier withCard(ModelCard newCard) {
    return new TfidfLogRegClassifier(this, newCard);
  }

  @Override
  public Classification classify(String text) {
    if (text == null) {
      throw new MlException("text is null");
    }
    return Classification.fromScores(labels, probabilities(vectorizer.transform(text)));
  }

  /**
   * Classifies many texts; vectorizes and scores each without going through Tribuo examples.
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
    List<Classification> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new MlException("text at index " + i + " is null");
      }
      out.add(Classification.fromScores(labels, probabilities(vectorizer.transform(text))));
    }
    return out;
  }

  /**
   * The label probabilities of a TF-IDF vector from this classifier's vectorizer.
   *
   * @param vector the vector
   * @return one probability per label, in {@link #labels()} order
   */
  public double[] probabilities(SparseVector vector) {
    Objects.requireNonNull(vector, "vector");
    if (vector.dimension() != vectorizer.size()) {
      throw new MlException(
          "vector has dimension " + vector.dimension() + ", vocabulary has " + vectorizer.size());
    }
    int numLabels = labels.size();
    double[] z = bias.clone();
    for (int i = 0; i < vector.size(); i++) {
      int base = vector.indexAt(i) * numLabels;
      double value = vector.valueAt(i);
      for (int l = 0; l < numLabels; l++) {
        z[l] += weights[base + l] * value;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0.0;
    for (int l = 0; l < numLabels; l++) {
      z[l] = Math.exp(z[l] - max);
      sum += z[l];
    }
    for (int l = 0; l < numLabels; l++) {
      z[l] /= sum;
    }
    return z;
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
   * The fitted TF-IDF vectorizer.
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
   * Saves the vectorizer, the Tribuo model and the model card into a folder (created if needed;
   * existing files of the same names are replaced, each atomically: temporary file, then rename).
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
    } catch (IOException e) {
      throw new MlException("cannot serialize the Tribuo model: " + e, e);
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
  public static TfidfLogRegClassifier load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return load(dir, ModelCardJson.read(dir.resolve(ModelCardJson.FILE_NAME)));
  }

  /**
   * Loads a classifier from a folder with a card kept elsewhere (e.g. by the model registry).
   *
   * @param dir the folder holding {@value #VECTORIZER_FILE} and {@value #MODEL_FILE}
   * @param card the model card (format {@code tfidf-logreg/v1})
   * @return the classifier
   * @throws MlException if a file is missing, unreadable or inconsistent with the others
   */
  public static TfidfLogRegClassifier load(Path dir, ModelCard card) {
    SavedModels.checkFolder(dir, card, TfidfLogRegTrainer.FORMAT);
    Model<Label> model = readModel(dir.resolve(MODEL_FILE));
    TfidfVectorizer vectorizer = TfidfVectorizer.load(dir.resolve(VECTORIZER_FILE));
    try {
      return new TfidfLogRegClassifier(vectorizer, model, card);
    } catch (MlException e) {
      vectorizer.close();
      throw new MlException(dir + ": " + e.getMessage(), e);
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
