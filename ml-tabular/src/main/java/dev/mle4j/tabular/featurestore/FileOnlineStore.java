package dev.mle4j.tabular.featurestore;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@link OnlineStore} kept in JSON files, one per view ({@code <dir>/<view>.json}), so values
 * survive the process (used by the command line when no Redis is given). Values are stored as
 * tagged strings ({@link TypedValues}); every write rewrites the view's file atomically. Safe for
 * one process at a time; meant for small data and local use.
 */
public final class FileOnlineStore implements OnlineStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  /**
   * Creates a store in a folder (created on the first write).
   *
   * @param dir the folder
   */
  public FileOnlineStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
  }

  /** The file layout of one view. */
  private static final class ViewFile {
    public String watermark;
    public Map<String, Map<String, String>> rows = new TreeMap<>();
  }

  @Override
  public synchronized void write(String view, Map<String, Map<String, Object>> rows) {
    ViewFile f = load(view);
    rows.forEach((k, r) -> f.rows.put(k, TypedValues.encodeAll(r)));
    save(view, f);
  }

  @Override
  public synchronized Optional<Map<String, Object>> read(String view, String key) {
    Map<String, String> r = load(view).rows.get(key);
    return r == null ? Optional.empty() : Optional.of(TypedValues.decodeAll(r));
  }

  @Override
  public synchronized Map<String, Map<String, Object>> readMany(
      String view, Collection<String> keys) {
    ViewFile f = load(view);
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (String k : keys) {
      Map<String, String> r = f.rows.get(k);
      if (r != null) {
        out.put(k, TypedValues.decodeAll(r));
      }
    }
    return out;
  }

  @Override
  public synchronized Optional<Instant> watermark(String view) {
    String w = load(view).watermark;
    return w == null ? Optional.empty() : Optional.of(Instant.parse(w));
  }

  @Override
  public synchronized void setWatermark(String view, Instant watermark) {
    ViewFile f = load(view);
    f.watermark = watermark.toString();
    save(view, f);
  }

  /** Nothing to free: files are closed after each call. */
  @Override
  public void close() {
    // nothing to release
  }

  private Path file(String view) {
    if (view == null
        || view.isBlank()
        || view.contains("/")
        || view.contains("\\")
        || view.startsWith(".")) {
      throw new FeatureStoreException("invalid feature view name '" + view + "'");
    }
    return dir.resolve(view + ".json");
  }

  private ViewFile load(String view) {
    Path f = file(view);
    if (!Files.isRegularFile(f)) {
      return new ViewFile();
    }
    try {
      ViewFile v = JSON.readValue(f.toFile(), new TypeReference<ViewFile>() {});
      if (v.rows == null) {
        v.rows = new TreeMap<>();
      }
      return v;
    } catch (IOException e) {
      throw new FeatureStoreException(
          "cannot read online store file " + f + ": " + e.getMessage(), e);
    }
  }

  private void save(String view, ViewFile v) {
    Path f = file(view);
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("." + view + ".json.tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), v);
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FeatureStoreException(
          "cannot write online store file " + f + ": " + e.getMessage(), e);
    }
  }
}
