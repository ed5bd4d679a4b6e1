package dev.mle4j.nlp.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuInt8SupportTest {

  private static CpuInt8Support parse(Path dir, String flags) throws Exception {
    Path f = dir.resolve("cpuinfo");
    Files.writeString(
        f,
        "processor\t: 0\nmodel name\t: Test CPU 9000\nflags\t\t: "
            + flags
            + "\n\nprocessor\t: 1\nflags\t\t: amx_int8\n");
    return CpuInt8Support.fromCpuInfo(f);
  }

  @Test
  void readsTheBestInt8InstructionSetOfTheFirstCpu(@TempDir Path dir) throws Exception {
    CpuInt8Support vnni = parse(dir, "fpu sse avx2 avx512f avx512bw avx512_vnni");
    assertThat(vnni.model()).isEqualTo("Test CPU 9000");
    assertThat(vnni.level()).isEqualTo(CpuInt8Support.Level.AVX512_VNNI);
    assertThat(vnni.hasVnni()).isTrue();
    assertThat(vnni.flags()).contains("avx2", "avx512_vnni").doesNotContain("fpu");
    assertThat(vnni.warning()).isEmpty();
    assertThat(parse(dir, "avx2 avx_vnni").level()).isEqualTo(CpuInt8Support.Level.AVX_VNNI);
    assertThat(parse(dir, "avx2 avx512bw").level()).isEqualTo(CpuInt8Support.Level.AVX512BW);
    assertThat(parse(dir, "sse4_2 avx2").level()).isEqualTo(CpuInt8Support.Level.AVX2);
    assertThat(parse(dir, "sse4_2 avx2").hasVnni()).isFalse();
  }

  @Test
  void warnsWithoutInt8InstructionsOrWithoutCpuInfo(@TempDir Path dir) throws Exception {
    CpuInt8Support none = parse(dir, "fpu sse sse2");
    assertThat(none.level()).isEqualTo(CpuInt8Support.Level.NONE);
    assertThat(none.warning()).contains("usually slower than FP32");
    CpuInt8Support missing = CpuInt8Support.fromCpuInfo(dir.resolve("absent"));
    assertThat(missing.level()).isEqualTo(CpuInt8Support.Level.UNKNOWN);
    assertThat(missing.warning()).contains("measured, not assumed");
    Files.writeString(dir.resolve("noflags"), "model name : X\n");
    assertThat(CpuInt8Support.fromCpuInfo(dir.resolve("noflags")).level())
        .isEqualTo(CpuInt8Support.Level.UNKNOWN);
  }
}
