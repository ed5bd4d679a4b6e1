package dev.mle4j.vision.serving;

import dev.mle4j.core.Classifier;
import dev.mle4j.core.ModelCard;
import dev.mle4j.core.ModelLoader;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.vision.ImageClassifier;
import dev.mle4j.vision.PixelImage;
import java.nio.file.Path;
import java.util.Set;

/**
 * Loads saved {@link ImageClassifier}s (format {@value ImageClassifier#FORMAT}) for the registry
 * and the model server. Served image models take base64 JSON instances ({@code {"image_base64":
 * "..."}}), multipart uploads and raw image bodies, all checked by an {@link ImageDecoder} with
 * default limits.
 */
public final class VisionModelLoader implements ModelLoader {

  /** The input kind of image models. */
  public static final String IMAGE_INPUT = "image";

  /** Creates the loader (used by {@link java.util.ServiceLoader}). */
  public VisionModelLoader() {}

  @Override
  public Set<String> formats() {
    return Set.of(ImageClassifier.FORMAT);
  }

  @Override
  public String inputKind() {
    return IMAGE_INPUT;
  }

  @Override
  public Classifier<?> load(Path dir, ModelCard card) {
    return ImageClassifier.load(dir, card);
  }

  @Override
  public ServedModel<?> loadServed(String name, String version, Path dir, ModelCard card) {
    ImageClassifier classifier = ImageClassifier.load(dir, card);
    ImageDecoder decoder = ImageDecoder.withDefaults();
    ServedModel<PixelImage> served =
        new ServedModel<>(name, version, classifier, ImageInputs.jsonReader(decoder));
    return served.withUploads(ImageInputs.uploadReader(decoder));
  }
}
