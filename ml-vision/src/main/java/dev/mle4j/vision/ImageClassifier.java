package dev.mle4j.vision;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Classification;
import dev.mle4j.core.Classifier;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.registry.AtomicFiles;
import dev.mle4j.core.registry.ModelCardJson;
import dev.mle4j.vision.model.Architectures;
import dev.mle4j.vision.model.InputEncoder;
import dev.mle4j.vision.model.InputSpec;
import dev.mle4j.vision.model.Network;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained image classifier: a {@link Network} on DJL's PyTorch engine plus its labels, input
 * encoding and model card. Its weights are frozen (inference only). Thread-safe for classification
 * (inference mode, one native scope per call). Saved as {@code network.params} (DJL parameter
 * file), {@code network.json} (architecture, input spec, labels) and {@code model-card.json}.
 */
public final class ImageClassifier implements Classifier<PixelImage> {

  /** Artifact format id written in the model card. */
  public static final String FORMAT = "vision-cnn/v1";

  /** Task id written in the model card. */
  public static final String TASK = "image-classification";

  /** Parameter file name inside a saved model folder. */
  public static final String PARAMS_FILE = "network.params";

  /** Network description file name inside a saved model folder. */
  public static final String NETWORK_FILE = "network.json";

  private static final int CHUNK = 32;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Model model;
  private final Network network;
  private final List<String> labels;
  private final InputEncoder encoder;
  private final ModelCard card;

  /**
   * Wraps a trained network. The classifier owns {@code model} and closes it.
   *
   * @param model the DJL model holding {@code network.block()} with initialised parameters
   * @param network the network
   * @param labels class names, index = logit
   * @param card the model card
   */
  public ImageClassifier(Model model, Network network, List<String> labels, ModelCard card) {
    this.model = Objects.requireNonNull(model, "model");
    this.network = Objects.requireNonNull(network, "network");
    this.labels = List.copyOf(labels);
    if (this.labels.size() != network.numClasses()) {
      throw new MlException(
          labels.size() + " labels for a network with " + network.numClasses() + " outputs");
    }
    this.encoder = new InputEncoder(network.input());
    this.card = Objects.requireNonNull(card, "card");
    // inference only: weights that require gradients make PyTorch record autograd graphs and pick
    // slow convolution kernels (measured: about 1 s instead of 26 ms per EfficientNet image)
    network.block().freezeParameters(true);
  }

  @Override
  public Classification classify(PixelImage input) {
    return classifyAll(List.of(input)).get(0);
  }

  @Override
  public List<Classification> classifyAll(List<PixelImage> inputs) {
    float[][] probs = probabilities(inputs);
    List<Classification> out = new ArrayList<>(probs.length);
    for (float[] p : probs) {
      double[] d = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        d[i] = p[i];
      }
      out.add(Classification.fromScores(labels, d));
    }
    return out;
  }

  /**
   * Class probabilities of each image (softmax of the logits), computed in batches of 32.
   *
   * @param images the images, any size and channel count
   * @return one row per image, one column per label
   */
  public float[][] probabilities(List<PixelImage> images) {
    float[][] out = new float[images.size()][];
    int per = network.input().channels() * network.input().size() * network.input().size();
    for (int start = 0; start < images.size(); start += CHUNK) {
      List<PixelImage> chunk = images.subList(start, Math.min(images.size(), start + CHUNK));
      float[] x = encoder.encodeAll(chunk);
      float[][] p = probabilitiesOfEncoded(x, chunk.size());
      System.arraycopy(p, 0, out, start, p.length);
      if (x.length != chunk.size() * per) {
        throw new IllegalStateException("encoder produced a wrong size");
      }
    }
    return out;
  }

  /**
   * Class probabilities of an already encoded batch (see {@link #encoder()}).
   *
   * @param batch {@code n x C x size x size} normalised floats
   * @param n number of images
   * @return one row per image
   */
  public float[][] probabilitiesOfEncoded(float[] batch, int n) {
    InputSpec in = network.input();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray x = manager.create(batch, new Shape(n, in.channels(), in.size(), in.size()));
      NDList logits =
          network.block().forward(new ParameterStore(manager, false), new NDList(x), false);
      float[] flat = logits.singletonOrThrow().softmax(1).toFloatArray();
      int k = labels.size();
      float[][] out = new float[n][k];
      for (int i = 0; i < n; i++) {
        System.arraycopy(flat, i * k, out[i], 0, k);
      }
      return out;
    }
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
   * The same classifier with another card (e.g. with test metrics added). The returned object
   * shares the native model: close only one of them.
   *
   * @param newCard the card
   * @return a classifier with the card
   */
  public ImageClassifier withCard(ModelCard newCard) {
    return new ImageClassifier(model, network, labels, newCard);
  }

  /**
   * The network (features and head), for Grad-CAM and inspection.
   *
   * @return the network
   */
  public Network network() {
    return network;
  }

  /**
   * The input encoder.
   *
   * @return the encoder
   */
  public InputEncoder encoder() {
    return encoder;
  }

  /**
   * The native memory scope of the model; callers create sub-managers from it.
   *
   * @return the model's manager
   */
  public NDManager manager() {
    return model.getNDManager();
  }

  /**
   * Size of the saved parameters in bytes.
   *
   * @return bytes
   */
  public long parameterBytes() {
    try {
      var counter = new CountingStream();
      try (DataOutputStream out = new DataOutputStream(counter)) {
        network.block().saveParameters(out);
      }
      return counter.count;
    } catch (IOException e) {
      throw new MlException("cannot measure model size: " + e.getMessage(), e);
    }
  }

  /**
   * Saves the model into {@code dir} (created if missing); files are written atomically.
   *
   * @param dir the folder
   */
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, PARAMS_FILE, ".tmp");
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
        network.block().saveParameters(out);
      }
      Files.move(
          tmp,
          dir.resolve(PARAMS_FILE),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      ObjectNode json = JSON.createObjectNode();
      json.put("architecture", network.architecture());
      json.put("size", network.input().size());
      json.put("channels", network.input().channels());
      json.set("mean", JSON.valueToTree(network.input().mean()));
      json.set("std", JSON.valueToTree(network.input().std()));
      json.put("dropout", network.dropout());
      json.set("labels", JSON.valueToTree(labels));
      AtomicFiles.writeString(
          dir.resolve(NETWORK_FILE),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
      AtomicFiles.writeString(dir.resolve("model-card.json"), ModelCardJson.toJson(card));
    } catch (IOException e) {
      throw new MlException("cannot save image classifier to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads a model saved by {@link #save(Path)}.
   *
   * @param dir the folder
   * @param card the model card (as stored by the registry)
   * @return the classifier, which the caller closes
   * @throws MlException if files are missing or do not match
   */
  public static ImageClassifier load(Path dir, ModelCard card) {
    Path params = dir.resolve(PARAMS_FILE);
    Path desc = dir.resolve(NETWORK_FILE);
    if (!Files.isRegularFile(params) || !Files.isRegularFile(desc)) {
      throw new MlException(
          "not an image classifier folder (needs "
              + PARAMS_FILE
              + " and "
              + NETWORK_FILE
              + "): "
              + dir);
    }
    Model model = null;
    try {
      JsonNode json = JSON.readTree(desc.toFile());
      List<String> labels = new ArrayList<>();
      json.path("labels").forEach(n -> labels.add(n.asText()));
      int channels = json.path("channels").asInt();
      float[] mean = floats(json.path("mean"));
      float[] std = floats(json.path("std"));
      InputSpec input = new InputSpec(json.path("size").asInt(), channels, mean, std);
      float dropout = (float) json.path("dropout").asDouble();
      Network network =
          Architectures.create(json.path("architecture").asText(), input, labels.size(), dropout);
      model = Model.newInstance(card.name(), Device.cpu(), "PyTorch");
      model.setBlock(network.block());
      network
          .block()
          .initialize(
              model.getNDManager(),
              DataType.FLOAT32,
              new Shape(1, input.channels(), input.size(), input.size()));
      try (InputStream in = new BufferedInputStream(Files.newInputStream(params));
          DataInputStream data = new DataInputStream(in)) {
        network.block().loadParameters(model.getNDManager(), data);
      }
      ImageClassifier classifier = new ImageClassifier(model, network, labels, card);
      model = null;
      return classifier;
    } catch (IOException | MalformedModelException e) {
      throw new MlException("cannot load image classifier from " + dir + ": " + e.getMessage(), e);
    } finally {
      if (model != null) {
        model.close();
      }
    }
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
