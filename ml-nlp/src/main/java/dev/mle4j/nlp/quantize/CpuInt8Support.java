package dev.mle4j.nlp.quantize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the CPU offers for INT8 matrix products, read from {@code /proc/cpuinfo}: AMX-INT8, AVX-512
 * VNNI or AVX-VNNI (one instruction per 4 int8 products) make dynamic INT8 fast; AVX-512BW or AVX2
 * alone still help but less; without AVX2 INT8 is usually slower than FP32.
 *
 * @param model CPU model name (empty when unknown)
 * @param level the best INT8 instruction set found
 * @param flags the INT8-related flags found
 */
public record CpuInt8Support(String model, Level level, Set<String> flags) {

  /** INT8 instruction sets, best first. */
  public enum Level {
    /** Advanced Matrix Extensions with INT8 tiles. */
    AMX,
    /** AVX-512 Vector Neural Network Instructions. */
    AVX512_VNNI,
    /** AVX-VNNI (256-bit). */
    AVX_VNNI,
    /** AVX-512 byte/word instructions without VNNI. */
    AVX512BW,
    /** AVX2 only. */
    AVX2,
    /** None of the above: INT8 is usually slower than FP32. */
    NONE,
    /** Not known (no {@code /proc/cpuinfo}, e.g. not Linux). */
    UNKNOWN
  }

  private static final Set<String> KNOWN =
      Set.of("amx_int8", "avx512_vnni", "avx_vnni", "avx512bw", "avx2", "avx512f");

  /** Copies the flags. */
  public CpuInt8Support {
    model = model == null ? "" : model;
    flags = Set.copyOf(flags);
  }

  /**
   * Detects this machine's support.
   *
   * @return the support ({@link Level#UNKNOWN} when {@code /proc/cpuinfo} cannot be read)
   */
  public static CpuInt8Support detect() {
    return fromCpuInfo(Path.of("/proc/cpuinfo"));
  }

  /**
   * Reads support from a {@code /proc/cpuinfo}-style file.
   *
   * @param cpuinfo the file
   * @return the support ({@link Level#UNKNOWN} when the file cannot be read or has no flags line)
   */
  public static CpuInt8Support fromCpuInfo(Path cpuinfo) {
    String text;
    try {
      text = Files.readString(cpuinfo);
    } catch (IOException | RuntimeException e) {
      return new CpuInt8Support("", Level.UNKNOWN, Set.of());
    }
    String model = "";
    Set<String> found = new TreeSet<>();
    boolean sawFlags = false;
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (key.equals("model name") && model.isEmpty()) {
        model = value;
      } else if (key.equals("flags") && !sawFlags) {
        sawFlags = true;
        Arrays.stream(value.split("\\s+")).filter(KNOWN::contains).forEach(found::add);
      }
    }
    if (!sawFlags) {
      return new CpuInt8Support(model, Level.UNKNOWN, Set.of());
    }
    return new CpuInt8Support(model, levelOf(found), found);
  }

  private static Level levelOf(Set<String> f) {
    if (f.contains("amx_int8")) {
      return Level.AMX;
    }
    if (f.contains("avx512_vnni")) {
      return Level.AVX512_VNNI;
    }
    if (f.contains("avx_vnni")) {
      return Level.AVX_VNNI;
    }
    if (f.contains("avx512bw")) {
      return Level.AVX512BW;
    }
    if (f.contains("avx2")) {
      return Level.AVX2;
    }
    return Level.NONE;
  }

  /**
   * Whether the CPU has int8 dot-product instructions (VNNI or AMX).
   *
   * @return true for AMX, AVX-512 VNNI, AVX-VNNI
   */
  public boolean hasVnni() {
    return level == Level.AMX || level == Level.AVX512_VNNI || level == Level.AVX_VNNI;
  }

  /**
   * A warning for CPUs where INT8 is likely not faster, or empty.
   *
   * @return the warning text, or an empty string when INT8 should pay off
   */
  public String warning() {
    return switch (level) {
      case AMX, AVX512_VNNI, AVX_VNNI, AVX512BW, AVX2 -> "";
      case NONE ->
          "this CPU has no AVX2/VNNI int8 instructions: dynamic INT8 is usually slower than FP32";
      case UNKNOWN -> "cannot read the CPU's instruction sets: INT8 speed is measured, not assumed";
      default -> "";
    };
  }
}
