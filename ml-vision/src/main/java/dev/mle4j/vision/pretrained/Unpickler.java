package dev.mle4j.vision.pretrained;

import dev.mle4j.core.MlException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal, safe pickle interpreter for PyTorch checkpoints. It supports only the opcodes that
 * {@code torch.save} writes and never runs Python: the only callables are the torch tensor rebuild
 * functions and {@code collections.OrderedDict}; any other global is refused. Python values map to
 * {@link Long}/{@link BigInteger}, {@link Double}, {@link String}, {@link Boolean}, {@code null},
 * {@link Tuple}, {@link ArrayList}, {@link LinkedHashMap}, {@link StorageRef} and {@link
 * TensorRef}.
 */
final class Unpickler {

  /** Globals that may appear in a checkpoint. */
  private static final Set<String> ALLOWED =
      Set.of(
          "collections.OrderedDict",
          "torch._utils._rebuild_tensor_v2",
          "torch._utils._rebuild_tensor",
          "torch._utils._rebuild_parameter",
          "torch.FloatStorage",
          "torch.LongStorage",
          "torch.DoubleStorage",
          "torch.HalfStorage",
          "torch.BFloat16Storage",
          "torch.IntStorage",
          "torch.ShortStorage",
          "torch.CharStorage",
          "torch.ByteStorage",
          "torch.BoolStorage");

  /** A Python tuple. */
  record Tuple(List<Object> items) {}

  /** A Python global (module + name) from the allow list. */
  record Global(String module, String name) {
    String qualified() {
      return module + "." + name;
    }
  }

  /** A storage reference from a persistent id. */
  record StorageRef(String type, String key, long numel) {}

  /** A tensor view of a storage. */
  record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

  private static final Object MARK = new Object();

  private final byte[] data;
  private final String source;
  private int pos;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();

  Unpickler(byte[] data, int start, String source) {
    this.data = data;
    this.pos = start;
    this.source = source;
  }

  /** Position after the last STOP. */
  int position() {
    return pos;
  }

  /**
   * Reads one pickle starting at the current position.
   *
   * @return the unpickled value
   */
  Object load() {
    stack.clear();
    marks.clear();
    memo.clear();
    while (true) {
      int at = pos;
      int op = u8();
      switch (op) {
        case 0x80 -> u8(); // PROTO
        case 0x95 -> bytes(8); // FRAME: frames are read as a plain stream
        case '.' -> { // STOP
          if (stack.size() != 1) {
            throw corrupt("STOP with " + stack.size() + " values on the stack", at);
          }
          return stack.remove(0);
        }
        case '(' -> { // MARK
          marks.add(stack.size());
          stack.add(MARK);
        }
        case '}' -> stack.add(new LinkedHashMap<>()); // EMPTY_DICT
        case ']' -> stack.add(new ArrayList<>()); // EMPTY_LIST
        case ')' -> stack.add(new Tuple(List.of())); // EMPTY_TUPLE
        case 'N' -> stack.add(null); // NONE
        case 0x88 -> stack.add(Boolean.TRUE); // NEWTRUE
        case 0x89 -> stack.add(Boolean.FALSE); // NEWFALSE
        case 'J' -> stack.add((long) i32()); // BININT
        case 'K' -> stack.add((long) u8()); // BININT1
        case 'M' -> stack.add((long) (u8() | u8() << 8)); // BININT2
        case 0x8a -> stack.add(long1(u8())); // LONG1
        case 'G' -> stack.add(Double.longBitsToDouble(beLong())); // BINFLOAT
        case 'X' -> stack.add(string(u32())); // BINUNICODE
        case 0x8c -> stack.add(string(u8())); // SHORT_BINUNICODE
        case 'U' -> stack.add(latin1(u8())); // SHORT_BINSTRING
        case 'T' -> stack.add(latin1(u32())); // BINSTRING
        case 'c' -> stack.add(global(line(), line(), at)); // GLOBAL
        case 0x93 -> { // STACK_GLOBAL
          Object name = pop(at);
          Object module = pop(at);
          if (!(module instanceof String m) || !(name instanceof String n)) {
            throw corrupt("STACK_GLOBAL needs two strings", at);
          }
          stack.add(global(m, n, at));
        }
        case 'Q' -> stack.add(persistent(pop(at), at)); // BINPERSID
        case 't' -> stack.add(new Tuple(popMark(at))); // TUPLE
        case 0x85 -> stack.add(tupleOf(1, at)); // TUPLE1
        case 0x86 -> stack.add(tupleOf(2, at)); // TUPLE2
        case 0x87 -> stack.add(tupleOf(3, at)); // TUPLE3
        case 'l' -> stack.add(new ArrayList<>(popMark(at))); // LIST
        case 'a' -> list(peekBelow(0, at), at).add(pop(at)); // APPEND
        case 'e' -> { // APPENDS
          List<Object> items = popMark(at);
          list(top(at), at).addAll(items);
        }
        case 's' -> { // SETITEM
          Object value = pop(at);
          Object key = pop(at);
          dict(top(at), at).put(key, value);
        }
        case 'u' -> { // SETITEMS
          List<Object> items = popMark(at);
          if (items.size() % 2 != 0) {
            throw corrupt("SETITEMS with an odd number of values", at);
          }
          Map<Object, Object> dict = dict(top(at), at);
          for (int i = 0; i < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
          }
        }
        case 'R' -> { // REDUCE
          Object args = pop(at);
          Object callable = pop(at);
          stack.add(reduce(callable, args, at));
        }
        case 'b' -> { // BUILD: object state (e.g. an OrderedDict's _metadata) is ignored
          pop(at);
          top(at);
        }
        case 'q' -> memo.put((long) u8(), top(at)); // BINPUT
        case 'r' -> memo.put(u32(), top(at)); // LONG_BINPUT
        case 0x94 -> memo.put((long) memo.size(), top(at)); // MEMOIZE
        case 'h' -> stack.add(memoGet(u8(), at)); // BINGET
        case 'j' -> stack.add(memoGet(u32(), at)); // LONG_BINGET
        case '0' -> pop(at); // POP
        case '1' -> popMark(at); // POP_MARK
        case '2' -> stack.add(top(at)); // DUP
        default ->
            throw new MlException(
                source
                    + ": unsupported pickle opcode 0x"
                    + Integer.toHexString(op)
                    + (op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : "")
                    + " at byte "
                    + at
                    + "; only the opcodes written by torch.save are supported");
      }
    }
  }

  private Object global(String module, String name, int at) {
    String qualified = module + "." + name;
    if (!ALLOWED.contains(qualified)) {
      throw new MlException(
          source
              + ": refusing to load global '"
              + qualified
              + "' at byte "
              + at
              + ": a checkpoint may only reference torch tensor rebuild functions, torch storage"
              + " types and collections.OrderedDict (pickles can run arbitrary code)");
    }
    return new Global(module, name);
  }

  private Object persistent(Object pid, int at) {
    if (pid instanceof Tuple t
        && t.items().size() >= 5
        && "storage".equals(t.items().get(0))
        && t.items().get(1) instanceof Global type
        && t.items().get(2) instanceof String key
        && t.items().get(4) instanceof Long numel) {
      return new StorageRef(type.name(), key, numel);
    }
    throw corrupt("unsupported persistent id " + describe(pid), at);
  }

  private Object reduce(Object callable, Object args, int at) {
    if (!(callable instanceof Global g) || !(args instanceof Tuple t)) {
      throw corrupt("REDUCE needs a global and a tuple, got " + describe(callable), at);
    }
    List<Object> a = t.items();
    return switch (g.qualified()) {
      case "collections.OrderedDict" -> {
        if (!a.isEmpty()) {
          throw corrupt("OrderedDict called with arguments", at);
        }
        yield new LinkedHashMap<>();
      }
      case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
        if (a.size() < 4
            || !(a.get(0) instanceof StorageRef storage)
            || !(a.get(1) instanceof Long offset)
            || !(a.get(2) instanceof Tuple size)
            || !(a.get(3) instanceof Tuple stride)) {
          throw corrupt("unexpected arguments to " + g.qualified(), at);
        }
        yield new TensorRef(storage, offset, longs(size, at), longs(stride, at));
      }
      case "torch._utils._rebuild_parameter" -> {
        if (a.isEmpty() || !(a.get(0) instanceof TensorRef tensor)) {
          throw corrupt("unexpected arguments to " + g.qualified(), at);
        }
        yield tensor;
      }
      default -> throw corrupt(g.qualified() + " cannot be called", at);
    };
  }

  private long[] longs(Tuple t, int at) {
    long[] out = new long[t.items().size()];
    for (int i = 0; i < out.length; i++) {
      if (!(t.items().get(i) instanceof Long v)) {
        throw corrupt("tensor size/stride must be integers", at);
      }
      out[i] = v;
    }
    return out;
  }

  private Tuple tupleOf(int n, int at) {
    if (stack.size() - lastMark() < n) {
      throw corrupt("stack underflow", at);
    }
    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
    stack.subList(stack.size() - n, stack.size()).clear();
    return new Tuple(items);
  }

  private int lastMark() {
    return marks.isEmpty() ? 0 : marks.get(marks.size() - 1) + 1;
  }

  private List<Object> popMark(int at) {
    if (marks.isEmpty()) {
      throw corrupt("no MARK on the stack", at);
    }
    int m = marks.remove(marks.size() - 1);
    List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
    stack.subList(m, stack.size()).clear();
    return items;
  }

  private Object pop(int at) {
    if (stack.size() <= lastMark()) {
      throw corrupt("stack underflow", at);
    }
    return stack.remove(stack.size() - 1);
  }

  private Object top(int at) {
    return peekBelow(0, at);
  }

  private Object peekBelow(int depth, int at) {
    int i = stack.size() - 1 - depth;
    if (i < lastMark()) {
      throw corrupt("stack underflow", at);
    }
    return stack.get(i);
  }

  private Object memoGet(long key, int at) {
    if (!memo.containsKey(key)) {
      throw corrupt("memo key " + key + " was never stored", at);
    }
    return memo.get(key);
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dict(Object o, int at) {
    if (o instanceof Map<?, ?> m) {
      return (Map<Object, Object>) m;
    }
    throw corrupt("expected a dict, got " + describe(o), at);
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object o, int at) {
    if (o instanceof ArrayList<?> l) {
      return (List<Object>) l;
    }
    throw corrupt("expected a list, got " + describe(o), at);
  }

  private static String describe(Object o) {
    return o == null ? "None" : o == MARK ? "MARK" : o.getClass().getSimpleName();
  }

  private MlException corrupt(String what, int at) {
    return new MlException(source + ": corrupt pickle at byte " + at + ": " + what);
  }

  private void need(long n) {
    if (n < 0 || pos + n > data.length) {
      throw new MlException(
          source
              + ": file is truncated: needed "
              + n
              + " more bytes at byte "
              + pos
              + " but the data ends at "
              + data.length);
    }
  }

  private int u8() {
    need(1);
    return data[pos++] & 0xFF;
  }

  private int i32() {
    need(4);
    int v =
        (data[pos] & 0xFF)
            | (data[pos + 1] & 0xFF) << 8
            | (data[pos + 2] & 0xFF) << 16
            | (data[pos + 3] & 0xFF) << 24;
    pos += 4;
    return v;
  }

  private long u32() {
    return i32() & 0xFFFFFFFFL;
  }

  private long beLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (data[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  private byte[] bytes(long n) {
    need(n);
    byte[] out = new byte[(int) n];
    System.arraycopy(data, pos, out, 0, (int) n);
    pos += (int) n;
    return out;
  }

  private Object long1(int n) {
    byte[] le = bytes(n);
    if (n == 0) {
      return 0L;
    }
    byte[] be = new byte[n];
    for (int i = 0; i < n; i++) {
      be[i] = le[n - 1 - i];
    }
    BigInteger v = new BigInteger(be);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private String string(long n) {
    return new String(bytes(n), StandardCharsets.UTF_8);
  }

  private String latin1(long n) {
    return new String(bytes(n), StandardCharsets.ISO_8859_1);
  }

  private String line() {
    int start = pos;
    while (true) {
      if (u8() == '\n') {
        return new String(data, start, pos - start - 1, StandardCharsets.US_ASCII);
      }
    }
  }
}
