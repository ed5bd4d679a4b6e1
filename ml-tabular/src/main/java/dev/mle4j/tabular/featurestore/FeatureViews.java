package dev.mle4j.tabular.featurestore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link FeatureView} definitions from YAML or JSON files:
 *
 * <pre>{@code
 * name: hourly_demand
 * source: hourly.csv          # relative to this file; .parquet reads Parquet, else CSV
 * entity: hr                  # or a list for a compound key
 * event_time: ts
 * ttl: 7d                     # 7d, 12h, 30m, 45s, 500ms, 2w, or ISO-8601 like P7D / PT12H
 * features: [cnt_mean_7d, temp]
 * }</pre>
 */
public final class FeatureViews {

  private static final Set<String> KNOWN =
      Set.of("name", "source", "entity", "entities", "event_time", "ttl", "features");
  private static final Pattern SHORT = Pattern.compile("([-+]?\\d+)\\s*(ms|s|m|h|d|w)");

  private FeatureViews() {}

  /**
   * Reads a definition file.
   *
   * @param file a YAML or JSON file
   * @return the view
   * @throws FeatureStoreException if the file is missing, unreadable or a field is wrong
   */
  public static FeatureView load(Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      throw new FeatureStoreException("feature view config " + file + " does not exist");
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new FeatureStoreException(
          "cannot read feature view config "
              + file
              + ": "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new FeatureStoreException("feature view config " + file + " is not a YAML/JSON object");
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!KNOWN.contains(f)) {
        throw new FeatureStoreException(
            "feature view config "
                + file
                + ": unknown field '"
                + f
                + "'; known: name, source, entity, event_time, ttl, features");
      }
    }
    String where = "feature view config " + file + ": ";
    String sourceText = text(root, "source", where);
    Path source = Path.of(sourceText);
    if (!source.isAbsolute()) {
      Path dir = file.toAbsolutePath().getParent();
      source = dir.resolve(source).normalize();
    }
    JsonNode ent = root.has("entity") ? root.get("entity") : root.get("entities");
    if (ent == null) {
      throw new FeatureStoreException(where + "missing field 'entity'");
    }
    FeatureView.Builder b = FeatureView.builder(text(root, "name", where));
    b.entity(list(ent).toArray(String[]::new));
    b.eventTime(text(root, "event_time", where));
    b.ttl(parseTtl(text(root, "ttl", where)));
    JsonNode feats = root.get("features");
    if (feats == null) {
      throw new FeatureStoreException(where + "missing field 'features'");
    }
    b.features(list(feats));
    b.source(FeatureSource.file(source));
    return b.build();
  }

  /**
   * Parses a time to live: {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 500ms}, {@code
   * 2w} or ISO-8601 ({@code P7D}, {@code PT12H}).
   *
   * @param text the text
   * @return the positive duration
   * @throws FeatureStoreException if it does not parse or is not positive
   */
  public static Duration parseTtl(String text) {
    if (text == null || text.isBlank()) {
      throw new FeatureStoreException("ttl is blank; use e.g. 7d, 12h or P7D");
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    Duration d;
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> throw new FeatureStoreException("unknown ttl unit in '" + text + "'");
          };
    } else {
      try {
        d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new FeatureStoreException(
            "ttl '" + text + "' is not a duration; use e.g. 7d, 12h, 30m, 45s or ISO-8601 P7D", e);
      }
    }
    if (d.isZero() || d.isNegative()) {
      throw new FeatureStoreException("ttl must be positive, got '" + text + "'");
    }
    return d;
  }

  private static String text(JsonNode root, String field, String where) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw new FeatureStoreException(where + "missing field '" + field + "'");
    }
    if (!n.isValueNode()) {
      throw new FeatureStoreException(where + "field '" + field + "' must be a single value");
    }
    return n.asText();
  }

  private static List<String> list(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      for (JsonNode e : n) {
        out.add(e.asText());
      }
    } else {
      for (String s : n.asText().split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }
}
