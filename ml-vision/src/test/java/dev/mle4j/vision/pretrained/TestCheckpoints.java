package dev.mle4j.vision.pretrained;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes tiny PyTorch checkpoints byte by byte, the way {@code torch.save} does (pickle protocol 2
 * with the torch rebuild globals), in the legacy and the zip format, for tests.
 */
public final class TestCheckpoints {

  /** A storage: float or long elements under a key. */
  public record Storage(String key, boolean isLong, double[] values) {}

  /** A tensor view of a storage. */
  public record Tensor(String storageKey, long offset, long[] size, long[] stride) {

    /** A contiguous tensor at offset 0. */
    public static Tensor contiguous(String storageKey, long... size) {
      long[] stride = new long[size.length];
      long s = 1;
      for (int i = size.length - 1; i >= 0; i--) {
        stride[i] = s;
        s *= size[i];
      }
      return new Tensor(storageKey, 0, size, stride);
    }
  }

  /** A checkpoint under construction: storages plus named tensors, in order. */
  public static final class Builder {
    private final Map<String, Storage> storages = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /** Adds a float storage. */
    public Builder floats(String key, double... values) {
      storages.put(key, new Storage(key, false, values));
      return this;
    }

    /** Adds a long storage. */
    public Builder longs(String key, double... values) {
      storages.put(key, new Storage(key, true, values));
      return this;
    }

    /** Adds a tensor. */
    public Builder tensor(String name, Tensor tensor) {
      tensors.put(name, tensor);
      return this;
    }

    /** Adds a contiguous float tensor with its own storage. */
    public Builder tensor(String name, long[] shape, float[] values) {
      double[] d = new double[values.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = values[i];
      }
      String key = "s" + storages.size();
      floats(key, d);
      return tensor(name, Tensor.contiguous(key, shape));
    }

    /** The legacy (pre-1.6) file bytes. */
    public byte[] legacy() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Pickle magic = new Pickle().proto().long1(new BigInteger("119547037146038801333356")).stop();
      out.writeBytes(magic.bytes());
      out.writeBytes(new Pickle().proto().integer(1001).stop().bytes());
      Pickle info = new Pickle().proto().op('}').op('(');
      info.str("protocol_version").integer(1001).str("little_endian").op(0x88);
      info.str("type_sizes").op('}').op('u').stop();
      out.writeBytes(info.bytes());
      out.writeBytes(stateDict(true).bytes());
      Pickle keys = new Pickle().proto().op(']').op('(');
      storages.keySet().forEach(keys::str);
      out.writeBytes(keys.op('e').stop().bytes());
      for (Storage s : storages.values()) {
        ByteBuffer b =
            ByteBuffer.allocate(8 + s.values().length * (s.isLong() ? 8 : 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(s.values().length);
        for (double v : s.values()) {
          if (s.isLong()) {
            b.putLong((long) v);
          } else {
            b.putFloat((float) v);
          }
        }
        out.writeBytes(b.array());
      }
      return out.toByteArray();
    }

    /** The zip-format (PyTorch 1.6+) file bytes. */
    public byte[] zip() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("archive/data.pkl", stateDict(false).bytes());
      for (Storage s : storages.values()) {
        ByteBuffer b =
            ByteBuffer.allocate(s.values().length * (s.isLong() ? 8 : 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (double v : s.values()) {
          if (s.isLong()) {
            b.putLong((long) v);
          } else {
            b.putFloat((float) v);
          }
        }
        entries.put("archive/data/" + s.key(), b.array());
      }
      entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
      return zipOf(entries);
    }

    private Pickle stateDict(boolean legacy) {
      Pickle p = new Pickle().proto();
      p.global("collections", "OrderedDict").op(')').op('R').memo().op('(');
      Map<String, Integer> storageMemo = new LinkedHashMap<>();
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        Tensor t = e.getValue();
        Storage s = storages.get(t.storageKey());
        p.str(e.getKey());
        p.global("torch._utils", "_rebuild_tensor_v2").op('(');
        Integer memo = storageMemo.get(s.key());
        if (memo != null) {
          p.get(memo);
        } else {
          p.op('(').str("storage").global("torch", s.isLong() ? "LongStorage" : "FloatStorage");
          p.str(s.key()).str("cpu").integer(s.values().length);
          if (legacy) {
            p.op('N');
          }
          p.op('t').op('Q');
          storageMemo.put(s.key(), p.memoIndex());
        }
        p.integer(t.offset()).tuple(t.size()).tuple(t.stride()).op(0x89);
        p.global("collections", "OrderedDict").op(')').op('R');
        p.op('t').op('R');
      }
      p.op('u');
      // the state_dict's _metadata, set with BUILD like torch.save does
      p.op('}').str("_metadata").op('}').op('s').op('b');
      return p.stop();
    }
  }

  /** A minimal pickle writer. */
  public static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int memo;

    /** Writes PROTO 2. */
    public Pickle proto() {
      return op(0x80).op(2);
    }

    /** Writes one opcode byte. */
    public Pickle op(int code) {
      out.write(code);
      return this;
    }

    /** Writes a raw byte sequence. */
    public Pickle raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    /** Writes STOP. */
    public Pickle stop() {
      return op('.');
    }

    /** Writes BINUNICODE. */
    public Pickle str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      op('X');
      out.writeBytes(le32(b.length));
      out.writeBytes(b);
      return this;
    }

    /** Writes GLOBAL. */
    public Pickle global(String module, String name) {
      op('c');
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    /** Writes BININT1, BININT2 or BININT. */
    public Pickle integer(long v) {
      if (v >= 0 && v < 256) {
        return op('K').op((int) v);
      }
      if (v >= 0 && v < 65536) {
        return op('M').op((int) (v & 0xFF)).op((int) (v >> 8));
      }
      op('J');
      out.writeBytes(le32((int) v));
      return this;
    }

    /** Writes LONG1. */
    public Pickle long1(BigInteger v) {
      byte[] be = v.toByteArray();
      op(0x8a).op(be.length);
      for (int i = be.length - 1; i >= 0; i--) {
        out.write(be[i]);
      }
      return this;
    }

    /** Writes a tuple of integers with MARK ... TUPLE (or TUPLE1/EMPTY_TUPLE). */
    public Pickle tuple(long[] values) {
      if (values.length == 0) {
        return op(')');
      }
      if (values.length == 1) {
        return integer(values[0]).op(0x85);
      }
      op('(');
      for (long v : values) {
        integer(v);
      }
      return op('t');
    }

    /** Writes BINPUT with the next memo index and returns this. */
    Pickle memo() {
      op('q').op(memo++);
      return this;
    }

    /** Writes BINPUT and returns the index. */
    int memoIndex() {
      op('q').op(memo);
      return memo++;
    }

    /** Writes BINGET. */
    public Pickle get(int index) {
      return op('h').op(index);
    }

    /** The bytes written. */
    public byte[] bytes() {
      return out.toByteArray();
    }

    private static byte[] le32(int v) {
      return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
  }

  /** Zips entries (deflated) into bytes. */
  public static byte[] zipOf(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private TestCheckpoints() {}
}
