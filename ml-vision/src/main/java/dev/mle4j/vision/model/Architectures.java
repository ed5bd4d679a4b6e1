package dev.mle4j.vision.model;

import dev.mle4j.core.MlException;

/** Rebuilds a network from the architecture id saved with a model. */
public final class Architectures {

  private Architectures() {}

  /**
   * Creates an uninitialised network of a known architecture.
   *
   * @param architecture the id ({@value SimpleCnn#ARCHITECTURE} or {@code efficientnet-lite0})
   * @param input the input specification
   * @param numClasses number of classes
   * @param dropout dropout rate
   * @return the network
   * @throws MlException for an unknown id
   */
  public static Network create(
      String architecture, InputSpec input, int numClasses, float dropout) {
    return switch (architecture) {
      case SimpleCnn.ARCHITECTURE -> SimpleCnn.create(input, numClasses, dropout);
      case EfficientNetLite0.ARCHITECTURE -> EfficientNetLite0.create(input, numClasses, dropout);
      default ->
          throw new MlException(
              "unknown network architecture '"
                  + architecture
                  + "'; known: "
                  + SimpleCnn.ARCHITECTURE
                  + ", "
                  + EfficientNetLite0.ARCHITECTURE);
    };
  }
}
