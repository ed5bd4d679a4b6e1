package dev.mle4j.nlp.rnn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class PyTorchEngineTest {

  @Test
  void pytorchEngineAddsArraysOffline() {
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = engine.newBaseManager()) {
      NDArray a = manager.create(new float[] {1f, 2f, 3f});
      NDArray b = manager.create(new float[] {10f, 20f, 30f});
      assertThat(a.add(b).toFloatArray()).containsExactly(11f, 22f, 33f);
    }
  }
}
