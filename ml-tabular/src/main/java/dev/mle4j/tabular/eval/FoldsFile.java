package dev.mle4j.tabular.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import dev.mle4j.core.data.Fold;
import dev.mle4j.core.registry.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-validation folds as JSON, so Python peers evaluate on exactly the same rows: {@code
 * {"n_rows": n, "strategy": "KFOLD", "seed": 42, "folds": [{"train": [...], "test": [...]}]}} with
 * 0-based row indices.
 */
public final class FoldsFile {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FoldsFile() {}

  /**
   * The folds read back from a file.
   *
   * @param nRows the number of rows
   * @param strategy the strategy name
   * @param seed the seed
   * @param folds the folds
   */
  public record Contents(int nRows, String strategy, long seed, List<Fold> folds) {}

  /**
   * Writes folds atomically.
   *
   * @param file the JSON file
   * @param folds the folds
   * @param nRows the number of rows they index
   * @param strategy the strategy that made them
   * @param seed the seed that made them
   * @throws MlException if an index is outside [0, nRows) or the file cannot be written
   */
  public static void write(Path file, List<Fold> folds, int nRows, CvStrategy strategy, long seed) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("n_rows", nRows);
    root.put("strategy", strategy.name());
    root.put("seed", seed);
    ArrayNode array = root.putArray("folds");
    for (Fold f : folds) {
      ObjectNode node = array.addObject();
      ArrayNode train = node.putArray("train");
      for (int i : f.train()) {
        check(i, nRows);
        train.add(i);
      }
      ArrayNode test = node.putArray("test");
      for (int i : f.test()) {
        check(i, nRows);
        test.add(i);
      }
    }
    try {
      AtomicFiles.writeString(file, MAPPER.writeValueAsString(root));
    } catch (IOException e) {
      throw new MlException("cannot write folds to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a folds file.
   *
   * @param file the JSON file
   * @return its contents
   * @throws MlException if the file is missing or malformed
   */
  public static Contents read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new MlException("cannot read folds file " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.has("n_rows") || !root.path("folds").isArray()) {
      throw new MlException("folds file " + file + " lacks n_rows or folds");
    }
    int n = root.get("n_rows").asInt();
    List<Fold> folds = new ArrayList<>();
    for (JsonNode f : root.get("folds")) {
      folds.add(new Fold(indices(f.path("train"), n, file), indices(f.path("test"), n, file)));
    }
    return new Contents(n, root.path("strategy").asText(""), root.path("seed").asLong(), folds);
  }

  private static int[] indices(JsonNode array, int n, Path file) {
    if (!array.isArray()) {
      throw new MlException("folds file " + file + ": a fold lacks its train or test array");
    }
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
      check(out[i], n);
    }
    return out;
  }

  private static void check(int i, int n) {
    if (i < 0 || i >= n) {
      throw new MlException("fold row index " + i + " is outside [0, " + n + ")");
    }
  }
}
