package dev.mle4j.benchmarks.jmh;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mle4j.core.MlException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * An ONNX Runtime session of the EfficientNet-Lite0 feature extractor exported with global average
 * pooling ({@code images [N, 3, H, W] -> features [N, 1280]}), with bounded intra-op threads.
 */
final class VisionOrtBackbone implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final int channels;
  private final int size;

  /**
   * Opens a session.
   *
   * @param file the ONNX file
   * @param threads intra-op threads (one inter-op thread, sequential execution)
   * @param channels input channels
   * @param size input side
   */
  VisionOrtBackbone(Path file, int threads, int channels, int size) {
    this.env = OrtEnvironment.getEnvironment();
    this.channels = channels;
    this.size = size;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(file.toString(), options);
      this.input = session.getInputNames().iterator().next();
    } catch (OrtException e) {
      throw new MlException("cannot open ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Pooled features of an encoded batch.
   *
   * @param batch {@code n x C x size x size} normalised floats
   * @param n images
   * @return {@code n x features}
   */
  float[] features(float[] batch, int n) {
    try (OnnxTensor x =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(batch), new long[] {n, channels, size, size});
        OrtSession.Result result = session.run(Map.of(input, x))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] features = new float[out.remaining()];
      out.get(features);
      return features;
    } catch (OrtException e) {
      throw new MlException("ONNX Runtime inference failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new MlException("cannot close ONNX session: " + e.getMessage(), e);
    }
  }
}
