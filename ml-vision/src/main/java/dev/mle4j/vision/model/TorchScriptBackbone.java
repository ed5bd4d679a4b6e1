package dev.mle4j.vision.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A user-supplied TorchScript feature extractor (for example the one written by {@code
 * tools/efficientnet_lite0_torchscript.py}) used as the single, frozen-or-trainable stage of a
 * {@link Network} with a new {@link ClassifierHead}. The TorchScript module must map {@code [N, C,
 * H, W]} images to a 4-D feature map {@code [N, K, h, w]}; this is checked on load with a zero
 * image. Close it to release the native module.
 *
 * <pre>{@code
 * try (TorchScriptBackbone backbone =
 *     TorchScriptBackbone.load(Path.of("lite0-features.pt"), "lite0-ts",
 *         EfficientNetLite0.inputSpec(224))) {
 *   Network net = backbone.network(5, 0.2f);
 * }
 * }</pre>
 */
public final class TorchScriptBackbone implements AutoCloseable {

  private final ZooModel<NDList, NDList> model;
  private final String architecture;
  private final InputSpec input;
  private final Shape featureShape;

  private TorchScriptBackbone(
      ZooModel<NDList, NDList> model, String architecture, InputSpec input, Shape featureShape) {
    this.model = model;
    this.architecture = architecture;
    this.input = input;
    this.featureShape = featureShape;
  }

  /**
   * Loads a TorchScript file from disk.
   *
   * @param file the TorchScript ({@code .pt}) file
   * @param architecture the architecture id to save with models, e.g. {@code torchscript-lite0}
   * @param input what the module expects as input
   * @return the backbone
   * @throws MlException if the file is missing, not TorchScript, or does not output a 4-D map
   */
  public static TorchScriptBackbone load(Path file, String architecture, InputSpec input) {
    if (!Files.isRegularFile(file)) {
      throw new MlException("TorchScript backbone not found: " + file);
    }
    Path abs = file.toAbsolutePath();
    String name = abs.getFileName().toString();
    String stem = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
    return load(
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(abs.getParent())
            .optModelName(stem)
            .optEngine("PyTorch")
            .build(),
        file.toString(),
        architecture,
        input);
  }

  /**
   * Loads a TorchScript module from a URL or DJL model-zoo path (e.g. {@code https://...}, {@code
   * djl://...}, {@code jar://...}); fails with a clear message when offline.
   *
   * @param url where the model archive or file is
   * @param architecture the architecture id to save with models
   * @param input what the module expects as input
   * @return the backbone
   * @throws MlException if the model cannot be downloaded or loaded, or does not output a 4-D map
   */
  public static TorchScriptBackbone loadUrl(String url, String architecture, InputSpec input) {
    return load(
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelUrls(Objects.requireNonNull(url, "url"))
            .optEngine("PyTorch")
            .build(),
        url,
        architecture,
        input);
  }

  private static TorchScriptBackbone load(
      Criteria<NDList, NDList> criteria, String where, String architecture, InputSpec input) {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(input, "input");
    ZooModel<NDList, NDList> model;
    try {
      model = criteria.loadModel();
    } catch (ModelNotFoundException | IOException e) {
      throw new MlException(
          "cannot load TorchScript backbone from "
              + where
              + (Boolean.getBoolean("ai.djl.offline")
                  ? " (ai.djl.offline=true: remote models cannot be downloaded; use a local file)"
                  : "")
              + ": "
              + e.getMessage(),
          e);
    } catch (MalformedModelException | RuntimeException e) {
      throw new MlException(where + " is not a loadable TorchScript module: " + e.getMessage(), e);
    }
    try {
      Shape features = probe(model, input);
      return new TorchScriptBackbone(model, architecture, input, features);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static Shape probe(ZooModel<NDList, NDList> model, InputSpec input) {
    Shape in = new Shape(1, input.channels(), input.size(), input.size());
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDList out =
          model
              .getBlock()
              .forward(
                  new ParameterStore(manager, false),
                  new NDList(manager.zeros(in, DataType.FLOAT32)),
                  false);
      if (out.size() != 1 || out.head().getShape().dimension() != 4) {
        throw new MlException(
            "TorchScript backbone must output one 4-D feature map [N, K, h, w] for input "
                + in
                + ", got "
                + out.getShapes().length
                + " output(s) "
                + List.of(out.getShapes()));
      }
      return out.head().getShape();
    } catch (MlException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new MlException(
          "TorchScript backbone failed on a " + in + " input: " + e.getMessage(), e);
    }
  }

  /**
   * The feature map shape for one input image, e.g. {@code (1, 1280, 7, 7)}.
   *
   * @return the shape
   */
  public Shape featureShape() {
    return featureShape;
  }

  /**
   * The TorchScript block ({@code PtSymbolBlock}).
   *
   * @return the block
   */
  public Block block() {
    return model.getBlock();
  }

  /**
   * A network with this backbone as its single stage and a new head. Every call shares the same
   * TorchScript block, so build one network per backbone.
   *
   * @param numClasses number of classes
   * @param dropout dropout before the head's linear layer
   * @return the network (the head still needs initialising)
   */
  public Network network(int numClasses, float dropout) {
    return new Network(
        architecture,
        input,
        numClasses,
        dropout,
        new StagedBlock(List.of(model.getBlock())),
        ClassifierHead.create(numClasses, dropout));
  }

  @Override
  public void close() {
    model.close();
  }
}
