package dev.mle4j.rag.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mle4j.core.MlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Model prices in USD per million input and output tokens, for cost estimates.
 *
 * <p>Files are JSON or YAML (by extension {@code .yaml}/{@code .yml}):
 *
 * <pre>
 * {"note": "...", "models": {"gpt-4o-mini": {"input": 0.15, "output": 0.60}, ...}}
 * </pre>
 *
 * <p>A model is looked up exactly, then by the longest table entry it starts with, so {@code
 * gpt-4o-mini-2024-07-18} is priced as {@code gpt-4o-mini}. A model that is not found costs 0 and
 * is flagged {@link Cost#unpriced()}. The bundled {@link #defaults()} holds example list prices;
 * check your provider.
 *
 * @param note where the prices come from
 * @param prices model name to price
 */
public record PriceTable(String note, Map<String, Price> prices) {

  /** The classpath resource of the bundled table. */
  public static final String DEFAULT_RESOURCE = "/dev/mle4j/rag/generate/prices.json";

  /**
   * The price of a model.
   *
   * @param inputPerMillion USD per million prompt tokens
   * @param outputPerMillion USD per million completion tokens
   */
  public record Price(double inputPerMillion, double outputPerMillion) {
    /** Validates. */
    public Price {
      if (!(inputPerMillion >= 0 && Double.isFinite(inputPerMillion))
          || !(outputPerMillion >= 0 && Double.isFinite(outputPerMillion))) {
        throw new MlException(
            "prices must be finite and non-negative, got input "
                + inputPerMillion
                + " and output "
                + outputPerMillion);
      }
    }
  }

  /**
   * The cost of one call.
   *
   * @param model the model asked about
   * @param usd the cost in USD (0 when unpriced)
   * @param unpriced true when the table has no price for the model
   */
  public record Cost(String model, double usd, boolean unpriced) {}

  /** Validates and copies. */
  public PriceTable {
    note = note == null ? "" : note;
    Objects.requireNonNull(prices, "prices");
    prices = Map.copyOf(prices);
  }

  /**
   * The bundled example table.
   *
   * @return the table
   */
  public static PriceTable defaults() {
    try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new MlException("price table resource " + DEFAULT_RESOURCE + " is missing");
      }
      return parse(new ObjectMapper().readTree(in), DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new MlException(
          "cannot read price table " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads a table from a JSON or YAML file.
   *
   * @param file the file
   * @return the table
   * @throws MlException when the file is missing or malformed
   */
  public static PriceTable load(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new MlException("price table " + file + " does not exist");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper =
        name.endsWith(".yaml") || name.endsWith(".yml")
            ? new ObjectMapper(new YAMLFactory())
            : new ObjectMapper();
    try {
      return parse(mapper.readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw new MlException("price table " + file + " is not valid: " + e.getMessage(), e);
    }
  }

  private static PriceTable parse(JsonNode root, String where) {
    JsonNode models = root == null ? null : root.get("models");
    if (models == null || !models.isObject()) {
      throw new MlException("price table " + where + " has no \"models\" object");
    }
    Map<String, Price> prices = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode in = e.getValue().get("input");
      JsonNode out = e.getValue().get("output");
      if (in == null || !in.isNumber() || out == null || !out.isNumber()) {
        throw new MlException(
            "price table "
                + where
                + ": model '"
                + e.getKey()
                + "' needs numeric \"input\" and \"output\" (USD per 1M tokens)");
      }
      try {
        prices.put(e.getKey(), new Price(in.asDouble(), out.asDouble()));
      } catch (MlException bad) {
        throw new MlException(
            "price table " + where + ": model '" + e.getKey() + "': " + bad.getMessage());
      }
    }
    return new PriceTable(root.path("note").asText(""), prices);
  }

  /**
   * The price of a model: exact match, else the longest entry the model name starts with.
   *
   * @param model the model name
   * @return the price, or empty when unpriced
   */
  public Optional<Price> price(String model) {
    if (model == null) {
      return Optional.empty();
    }
    Price exact = prices.get(model);
    if (exact != null) {
      return Optional.of(exact);
    }
    String best = null;
    for (String name : prices.keySet()) {
      if (model.startsWith(name) && (best == null || name.length() > best.length())) {
        best = name;
      }
    }
    return best == null ? Optional.empty() : Optional.of(prices.get(best));
  }

  /**
   * The cost of a call.
   *
   * @param model the model name
   * @param promptTokens prompt tokens, 0 or more
   * @param completionTokens completion tokens, 0 or more
   * @return the cost; 0 and flagged unpriced when the model has no price
   * @throws MlException when a token count is negative
   */
  public Cost costUsd(String model, int promptTokens, int completionTokens) {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new MlException(
          "token counts must be 0 or more, got prompt "
              + promptTokens
              + " and completion "
              + completionTokens);
    }
    Optional<Price> p = price(model);
    if (p.isEmpty()) {
      return new Cost(model, 0.0, true);
    }
    double usd =
        (promptTokens * p.get().inputPerMillion() + completionTokens * p.get().outputPerMillion())
            / 1_000_000.0;
    return new Cost(model, usd, false);
  }
}
