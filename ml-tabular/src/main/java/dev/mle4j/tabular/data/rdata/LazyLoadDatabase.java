package dev.mle4j.tabular.data.rdata;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.DataFrame;
import dev.mle4j.tabular.data.rdata.RObject.Doubles;
import dev.mle4j.tabular.data.rdata.RObject.Environment;
import dev.mle4j.tabular.data.rdata.RObject.EnvironmentKind;
import dev.mle4j.tabular.data.rdata.RObject.Integers;
import dev.mle4j.tabular.data.rdata.RObject.ListVector;
import dev.mle4j.tabular.data.rdata.RObject.Logicals;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An R lazy-load database: the {@code Rdata.rdx} index and {@code Rdata.rdb} data file in which an
 * installed R package keeps its data sets (and, as {@code R/<pkg>.rdx/.rdb}, its code).
 *
 * <p>The index is a gzip-compressed serialized list with {@code variables} (object name to {@code
 * c(offset, length)} in the {@code .rdb}), {@code references} (environments stored separately) and
 * {@code compressed} ({@code TRUE} = zlib, 2 = bzip2, 3 = xz). Each chunk of the {@code .rdb}
 * starts with the uncompressed length (4 bytes, big-endian); for types 2 and 3 a type byte follows
 * ({@code Z} xz as raw LZMA2, {@code 2} bzip2, {@code 1} zlib, {@code 0} stored), then the
 * compressed serialization of the object. Environments referenced by an object are rebuilt from the
 * {@code references} entries as R's {@code lazyLoadDBfetch} hook does.
 *
 * <p>Open it with {@link #open(Path)}, read objects with {@link #get(String)} or {@link
 * #dataFrame(String)}, and close it. Reads may run from several threads.
 */
public final class LazyLoadDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LazyLoadDatabase.class);

  private final Path rdx;
  private final Path rdb;
  private final FileChannel channel;
  private final long rdbSize;
  private final ListVector variables;
  private final ListVector references;
  private final int compression;

  private LazyLoadDatabase(Path rdx, Path rdb) {
    this.rdx = rdx;
    this.rdb = rdb;
    RObject index = RSerialization.readRds(rdx);
    if (!(index instanceof ListVector list)) {
      throw new MlException(
          "R lazy-load index " + rdx + " holds a " + index.typeName() + ", not a list");
    }
    this.variables = listEntry(list, "variables");
    this.references = listEntry(list, "references");
    this.compression = compression(list.get("compressed").orElse(null));
    try {
      this.channel = FileChannel.open(rdb, StandardOpenOption.READ);
      this.rdbSize = channel.size();
    } catch (IOException e) {
      throw new MlException("cannot open R lazy-load data file " + rdb + ": " + e, e);
    }
    LOG.debug(
        "Opened R lazy-load database {} ({} objects, compression {})",
        rdx,
        variables.length(),
        compression);
  }

  /**
   * Opens a lazy-load database.
   *
   * @param path the {@code .rdx} or {@code .rdb} file, a folder holding {@code Rdata.rdx}, or an
   *     installed package's folder (its {@code data/Rdata.rdx} is used)
   * @return the open database
   * @throws MlException if the files are missing or the index is invalid
   */
  public static LazyLoadDatabase open(Path path) {
    Objects.requireNonNull(path, "path");
    Path base;
    if (Files.isDirectory(path)) {
      if (Files.isRegularFile(path.resolve("Rdata.rdx"))) {
        base = path.resolve("Rdata");
      } else if (Files.isRegularFile(path.resolve("data").resolve("Rdata.rdx"))) {
        base = path.resolve("data").resolve("Rdata");
      } else {
        throw new MlException(
            "no R lazy-load database in "
                + path
                + ": expected Rdata.rdx + Rdata.rdb there or under data/ (an installed R package"
                + " folder)");
      }
    } else {
      String file = path.getFileName().toString();
      if (!file.endsWith(".rdx") && !file.endsWith(".rdb")) {
        throw new MlException(
            "not an R lazy-load database: " + path + " (expected a .rdx or .rdb file or a folder)");
      }
      base = path.resolveSibling(file.substring(0, file.length() - 4));
    }
    Path rdx = base.resolveSibling(base.getFileName() + ".rdx");
    Path rdb = base.resolveSibling(base.getFileName() + ".rdb");
    for (Path p : List.of(rdx, rdb)) {
      if (!Files.isRegularFile(p)) {
        throw new MlException("R lazy-load database file " + p + " is missing");
      }
    }
    return new LazyLoadDatabase(rdx.toAbsolutePath(), rdb.toAbsolutePath());
  }

  /**
   * The object names, in index order.
   *
   * @return the names
   */
  public List<String> names() {
    return variables.names();
  }

  /**
   * Whether the database holds an object.
   *
   * @param name the object name
   * @return true if present
   */
  public boolean contains(String name) {
    return variables.names().contains(name);
  }

  /**
   * The compression of the chunks: 0 none, 1 zlib, 2 bzip2, 3 xz.
   *
   * @return the compression code
   */
  public int compression() {
    return compression;
  }

  /**
   * The index file.
   *
   * @return the {@code .rdx} path
   */
  public Path indexFile() {
    return rdx;
  }

  /**
   * The data file.
   *
   * @return the {@code .rdb} path
   */
  public Path dataFile() {
    return rdb;
  }

  /**
   * Reads and decodes one object, rebuilding the environments it refers to.
   *
   * @param name the object name
   * @return the object
   * @throws MlException listing the available names if there is no such object, or if its data is
   *     corrupt
   */
  public RObject get(String name) {
    RObject key =
        variables
            .get(name)
            .orElseThrow(
                () ->
                    new MlException(
                        "no object '"
                            + name
                            + "' in R lazy-load database "
                            + rdx
                            + "; available: "
                            + names()));
    Map<String, Environment> environments = new HashMap<>();
    return fetch(key, name, environments);
  }

  /**
   * Reads one object that is a data frame and converts it (see {@link RDataFrames}).
   *
   * @param name the object name
   * @return the frame
   * @throws MlException if there is no such object, it is not a data frame, or a column cannot be
   *     converted
   */
  public DataFrame dataFrame(String name) {
    return RDataFrames.toDataFrame(get(name), name);
  }

  private RObject fetch(RObject key, String name, Map<String, Environment> environments) {
    long[] location = location(key, name);
    byte[] chunk = readChunk(location[0], location[1], name);
    byte[] serialized = RCompression.decompressChunk(chunk, compression, "'" + name + "'");
    return RSerialization.read(serialized, name, k -> environment(k, environments));
  }

  /** R's {@code envhook}: an environment stored under {@code references}, built once per read. */
  private RObject environment(List<String> key, Map<String, Environment> environments) {
    if (key.size() != 1) {
      throw new MlException(
          "R lazy-load database " + rdx + ": unexpected persistent reference " + key);
    }
    String refName = key.get(0);
    Environment known = environments.get(refName);
    if (known != null) {
      return known;
    }
    RObject refKey =
        references
            .get(refName)
            .orElseThrow(
                () ->
                    new MlException(
                        "R lazy-load database "
                            + rdx
                            + " refers to environment '"
                            + refName
                            + "' that its index does not list"));
    Environment env = new Environment(EnvironmentKind.LOCAL, List.of());
    environments.put(refName, env);
    RObject data = fetch(refKey, refName, environments);
    if (!(data instanceof ListVector parts)) {
      throw new MlException(
          "R lazy-load database " + rdx + ": environment '" + refName + "' is not a list");
    }
    env.enclosure(parts.get("enclos").orElse(RObject.Null.INSTANCE));
    parts
        .get("bindings")
        .filter(ListVector.class::isInstance)
        .map(ListVector.class::cast)
        .ifPresent(
            b -> {
              List<String> names = b.names();
              for (int i = 0; i < b.length() && i < names.size(); i++) {
                env.bind(names.get(i), b.values().get(i));
              }
            });
    parts
        .get("attributes")
        .filter(ListVector.class::isInstance)
        .map(ListVector.class::cast)
        .ifPresent(
            a -> {
              Map<String, RObject> attributes = new java.util.LinkedHashMap<>();
              List<String> names = a.names();
              for (int i = 0; i < a.length() && i < names.size(); i++) {
                attributes.put(names.get(i), a.values().get(i));
              }
              env.attributes(attributes);
            });
    env.locked(
        parts
            .get("locked")
            .filter(Logicals.class::isInstance)
            .map(l -> ((Logicals) l).values())
            .map(v -> v.length > 0 && v[0] == 1)
            .orElse(false));
    return env;
  }

  private long[] location(RObject key, String name) {
    long[] v = new long[2];
    if (key instanceof Integers i && i.length() == 2) {
      v[0] = i.values()[0];
      v[1] = i.values()[1];
    } else if (key instanceof Doubles d && d.length() == 2) {
      v[0] = (long) d.values()[0];
      v[1] = (long) d.values()[1];
    } else {
      throw new MlException(
          "R lazy-load index "
              + rdx
              + ": the key of '"
              + name
              + "' is a "
              + key.typeName()
              + ", not c(offset, length)");
    }
    if (v[0] < 0 || v[1] < 0 || v[0] + v[1] > rdbSize || v[1] > Integer.MAX_VALUE - 16) {
      throw new MlException(
          "R lazy-load index "
              + rdx
              + ": '"
              + name
              + "' at offset "
              + v[0]
              + " with length "
              + v[1]
              + " lies outside "
              + rdb
              + " ("
              + rdbSize
              + " bytes); the files do not belong together or are damaged");
    }
    return v;
  }

  private byte[] readChunk(long offset, long length, String name) {
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    try {
      long at = offset;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, at);
        if (n < 0) {
          throw new MlException("R lazy-load data file " + rdb + " ended while reading " + name);
        }
        at += n;
      }
    } catch (IOException e) {
      throw new MlException("cannot read '" + name + "' from " + rdb + ": " + e, e);
    }
    return buffer.array();
  }

  private ListVector listEntry(ListVector index, String entry) {
    RObject value = index.get(entry).orElse(null);
    if (value instanceof ListVector l) {
      return l;
    }
    if (value == null || value instanceof RObject.Null) {
      return new ListVector(new ArrayList<>(), Map.of());
    }
    throw new MlException(
        "R lazy-load index " + rdx + ": '" + entry + "' is a " + value.typeName() + ", not a list");
  }

  private int compression(RObject value) {
    if (value == null || value instanceof RObject.Null) {
      return 0;
    }
    int code;
    if (value instanceof Logicals l && l.length() == 1) {
      code = l.values()[0] == 1 ? 1 : 0;
    } else if (value instanceof Integers i && i.length() == 1) {
      code = i.values()[0];
    } else if (value instanceof Doubles d && d.length() == 1) {
      code = (int) d.values()[0];
    } else {
      throw new MlException("R lazy-load index " + rdx + ": 'compressed' is a " + value.typeName());
    }
    if (code < 0 || code > 3) {
      throw new MlException(
          "R lazy-load index " + rdx + ": unknown compression " + code + " (0 to 3 are known)");
    }
    return code;
  }

  /** Closes the data file. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing {} failed: {}", rdb, e.toString());
    }
  }
}
