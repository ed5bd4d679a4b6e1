package dev.mle4j.tabular.data.rdata;

import dev.mle4j.core.MlException;
import dev.mle4j.tabular.data.rdata.RObject.Cell;
import dev.mle4j.tabular.data.rdata.RObject.Complexes;
import dev.mle4j.tabular.data.rdata.RObject.Doubles;
import dev.mle4j.tabular.data.rdata.RObject.Environment;
import dev.mle4j.tabular.data.rdata.RObject.EnvironmentKind;
import dev.mle4j.tabular.data.rdata.RObject.Integers;
import dev.mle4j.tabular.data.rdata.RObject.ListVector;
import dev.mle4j.tabular.data.rdata.RObject.Logicals;
import dev.mle4j.tabular.data.rdata.RObject.Null;
import dev.mle4j.tabular.data.rdata.RObject.Opaque;
import dev.mle4j.tabular.data.rdata.RObject.PairList;
import dev.mle4j.tabular.data.rdata.RObject.PairListKind;
import dev.mle4j.tabular.data.rdata.RObject.PersistentRef;
import dev.mle4j.tabular.data.rdata.RObject.Raw;
import dev.mle4j.tabular.data.rdata.RObject.Strings;
import dev.mle4j.tabular.data.rdata.RObject.Symbol;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes one binary (XDR) R serialization stream held in memory, following the layout of R's
 * {@code serialize.c} ({@code ReadItem}): flags word (type in the low byte, object bit 8, attribute
 * bit 9, tag bit 10, levels from bit 12), then the type's body.
 */
final class RDecoder {

  // SEXP types
  static final int NILSXP = 0;
  static final int SYMSXP = 1;
  static final int LISTSXP = 2;
  static final int CLOSXP = 3;
  static final int ENVSXP = 4;
  static final int PROMSXP = 5;
  static final int LANGSXP = 6;
  static final int SPECIALSXP = 7;
  static final int BUILTINSXP = 8;
  static final int CHARSXP = 9;
  static final int LGLSXP = 10;
  static final int INTSXP = 13;
  static final int REALSXP = 14;
  static final int CPLXSXP = 15;
  static final int STRSXP = 16;
  static final int DOTSXP = 17;
  static final int VECSXP = 19;
  static final int EXPRSXP = 20;
  static final int BCODESXP = 21;
  static final int EXTPTRSXP = 22;
  static final int WEAKREFSXP = 23;
  static final int RAWSXP = 24;
  static final int S4SXP = 25;

  // pseudo types of the serialization format
  static final int REFSXP = 255;
  static final int NILVALUE_SXP = 254;
  static final int GLOBALENV_SXP = 253;
  static final int UNBOUNDVALUE_SXP = 252;
  static final int MISSINGARG_SXP = 251;
  static final int BASENAMESPACE_SXP = 250;
  static final int NAMESPACESXP = 249;
  static final int PACKAGESXP = 248;
  static final int PERSISTSXP = 247;
  static final int CLASSREFSXP = 246;
  static final int GENERICREFSXP = 245;
  static final int BCREPDEF = 244;
  static final int BCREPREF = 243;
  static final int EMPTYENV_SXP = 242;
  static final int BASEENV_SXP = 241;
  static final int ATTRLANGSXP = 240;
  static final int ATTRLISTSXP = 239;
  static final int ALTREP_SXP = 238;

  static final int IS_OBJECT_BIT = 1 << 8;
  static final int HAS_ATTR_BIT = 1 << 9;
  static final int HAS_TAG_BIT = 1 << 10;

  // CHARSXP encoding levels
  static final int BYTES_MASK = 1 << 1;
  static final int LATIN1_MASK = 1 << 2;
  static final int UTF8_MASK = 1 << 3;
  static final int ASCII_MASK = 1 << 6;

  private static final int MAX_DEPTH = 2_000;
  private static final int MAX_LENGTH = Integer.MAX_VALUE - 16;
  private static final double MAX_SEQUENCE = 100_000_000;

  private final byte[] buf;
  private final int end;
  private final String source;
  private final Function<List<String>, RObject> persistentHook;
  private final List<RObject> references = new ArrayList<>();
  private int pos;
  private int depth;
  private int version;
  private Charset nativeCharset = StandardCharsets.UTF_8;

  RDecoder(byte[] buf, int offset, String source, Function<List<String>, RObject> persistentHook) {
    this.buf = buf;
    this.pos = offset;
    this.end = buf.length;
    this.source = source;
    this.persistentHook = persistentHook;
  }

  /** Reads the header and the one item of the stream. */
  RObject decode() {
    readHeader();
    return readItem();
  }

  /** The serialization format version of the stream (2 or 3), after {@link #decode()}. */
  int version() {
    return version;
  }

  private void readHeader() {
    if (end - pos < 2) {
      throw truncated("the format header");
    }
    char c0 = (char) (buf[pos] & 0xFF);
    char c1 = (char) (buf[pos + 1] & 0xFF);
    if (c0 == 'X' && c1 == '\n') {
      pos += 2;
    } else if ((c0 == 'A' || c0 == 'B') && c1 == '\n') {
      throw fail(
          "uses the "
              + (c0 == 'A' ? "ASCII" : "native binary")
              + " serialization format ('"
              + c0
              + "'); only the binary XDR format ('X', R's default) is supported");
    } else if (c0 == 'R' && c1 == 'D') {
      throw fail("is an .RData file (save()), not a serialized object: read it with readRData");
    } else {
      throw fail(
          "is not an R serialization stream: it starts with bytes "
              + hex(pos, Math.min(8, end - pos))
              + " instead of 'X\\n'");
    }
    version = readInt("the format version");
    int writer = readInt("the writer's R version");
    int minReader = readInt("the minimal reader version");
    if (version != 2 && version != 3) {
      throw fail(
          "uses serialization format version "
              + version
              + "; versions 2 and 3 are supported (written by R "
              + rVersion(writer)
              + ", readable by R >= "
              + rVersion(minReader)
              + ")");
    }
    if (version == 3) {
      int length = readInt("the native encoding length");
      if (length < 0 || length > 64) {
        throw fail("has an invalid native encoding length " + length + " at byte " + (pos - 4));
      }
      need(length, "the native encoding name");
      String name = new String(buf, pos, length, StandardCharsets.US_ASCII);
      pos += length;
      nativeCharset = charset(name);
    }
  }

  private static String rVersion(int v) {
    return (v >> 16) + "." + ((v >> 8) & 0xFF) + "." + (v & 0xFF);
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private RObject readItem() {
    return readItem(readInt("an item's flags"));
  }

  private RObject readItem(int flags) {
    if (++depth > MAX_DEPTH) {
      throw fail("nests objects deeper than " + MAX_DEPTH + " levels (corrupt data?)");
    }
    try {
      return readBody(flags);
    } finally {
      depth--;
    }
  }

  private RObject readBody(int flags) {
    int type = flags & 0xFF;
    boolean hasAttr = (flags & HAS_ATTR_BIT) != 0;
    boolean hasTag = (flags & HAS_TAG_BIT) != 0;
    int at = pos - 4;
    switch (type) {
      case NILVALUE_SXP:
        return Null.INSTANCE;
      case EMPTYENV_SXP:
        return new Environment(EnvironmentKind.EMPTY, List.of());
      case BASEENV_SXP:
        return new Environment(EnvironmentKind.BASE, List.of());
      case GLOBALENV_SXP:
        return new Environment(EnvironmentKind.GLOBAL, List.of());
      case BASENAMESPACE_SXP:
        return new Environment(EnvironmentKind.BASE_NAMESPACE, List.of());
      case UNBOUNDVALUE_SXP:
        return new Opaque("unbound value", Map.of());
      case MISSINGARG_SXP:
        return new Opaque("missing argument", Map.of());
      case REFSXP:
        return reference(flags, at);
      case PERSISTSXP:
        {
          List<String> key = readStringVec("a persistent reference");
          RObject value =
              persistentHook == null ? new PersistentRef(key) : persistentHook.apply(key);
          references.add(value);
          return value;
        }
      case SYMSXP:
        {
          String name = readCharsxp("a symbol's name");
          Symbol symbol = new Symbol(name == null ? "NA" : name);
          references.add(symbol);
          return symbol;
        }
      case PACKAGESXP:
      case NAMESPACESXP:
        {
          List<String> spec =
              readStringVec(type == PACKAGESXP ? "a package name" : "a namespace name");
          Environment env =
              new Environment(
                  type == PACKAGESXP ? EnvironmentKind.PACKAGE : EnvironmentKind.NAMESPACE, spec);
          references.add(env);
          return env;
        }
      case ENVSXP:
        return readEnvironment();
      case LISTSXP:
      case LANGSXP:
      case DOTSXP:
        return readPairList(flags);
      case CLOSXP:
      case PROMSXP:
        {
          Map<String, RObject> attributes = hasAttr ? readAttributes() : Map.of();
          if (hasTag) {
            readItem();
          }
          readItem();
          readItem();
          return new Opaque(type == CLOSXP ? "closure" : "promise", attributes);
        }
      case ALTREP_SXP:
        return readAltrep(at);
      case BCODESXP:
        {
          skipByteCode();
          Map<String, RObject> attributes = hasAttr ? readAttributes() : Map.of();
          return new Opaque("bytecode", attributes);
        }
      case BCREPDEF:
      case BCREPREF:
      case ATTRLANGSXP:
      case ATTRLISTSXP:
        throw fail(
            "has a byte-code marker (type "
                + type
                + " at byte "
                + at
                + ") outside byte code (corrupt data?)");
      case CLASSREFSXP:
      case GENERICREFSXP:
        throw fail(
            "holds an internal reference type ("
                + type
                + " at byte "
                + at
                + ") that R itself cannot read");
      case CHARSXP:
        throw fail(
            "has a CHARSXP (a bare string) at byte "
                + at
                + " where an object was expected (corrupt data?)");
      default:
        return readVectorLike(type, hasAttr, at);
    }
  }

  // Byte code (compiled closures, R's ReadBC): parsed to keep the reference table in step, then
  // dropped; the closure becomes an Opaque value.

  private void skipByteCode() {
    int reps = readInt("a byte-code reference count");
    if (reps < 0) {
      throw fail("has a negative byte-code reference count at byte " + (pos - 4));
    }
    skipByteCodeBody();
  }

  private void skipByteCodeBody() {
    if (++depth > MAX_DEPTH) {
      throw fail("nests byte code deeper than " + MAX_DEPTH + " levels (corrupt data?)");
    }
    try {
      readItem(); // the instructions (an integer vector)
      int constants = readInt("a byte-code constant count");
      if (constants < 0) {
        throw fail("has a negative byte-code constant count at byte " + (pos - 4));
      }
      for (int i = 0; i < constants; i++) {
        int type = readInt("a byte-code constant's type");
        switch (type) {
          case BCODESXP:
            skipByteCodeBody();
            break;
          case LANGSXP:
          case LISTSXP:
          case BCREPDEF:
          case BCREPREF:
          case ATTRLANGSXP:
          case ATTRLISTSXP:
            skipByteCodeLanguage(type);
            break;
          default:
            readItem();
            break;
        }
      }
    } finally {
      depth--;
    }
  }

  /** R's {@code ReadBCLang}; iterative along the cdr chain. */
  private void skipByteCodeLanguage(int firstType) {
    int type = firstType;
    while (true) {
      switch (type) {
        case BCREPREF:
          readInt("a byte-code reference");
          return;
        case BCREPDEF:
        case LANGSXP:
        case LISTSXP:
        case ATTRLANGSXP:
        case ATTRLISTSXP:
          {
            if (type == BCREPDEF) {
              readInt("a byte-code reference position");
              type = readInt("a byte-code cell type");
            }
            if (type == ATTRLANGSXP || type == ATTRLISTSXP) {
              readItem(); // attributes
            }
            readItem(); // tag
            if (++depth > MAX_DEPTH) {
              throw fail("nests byte code deeper than " + MAX_DEPTH + " levels (corrupt data?)");
            }
            try {
              skipByteCodeLanguage(readInt("a byte-code cell type"));
            } finally {
              depth--;
            }
            type = readInt("a byte-code cell type");
            break;
          }
        default:
          readItem(); // after a zero pad word: an ordinary item
          return;
      }
    }
  }

  private RObject reference(int flags, int at) {
    int index = flags >>> 8;
    if (index == 0) {
      index = readInt("a reference index");
    }
    if (index < 1 || index > references.size()) {
      throw fail(
          "refers at byte "
              + at
              + " to object #"
              + index
              + " but the reference table holds "
              + references.size()
              + " objects");
    }
    return references.get(index - 1);
  }

  private RObject readVectorLike(int type, boolean hasAttr, int at) {
    RObject placeholder;
    switch (type) {
      case EXTPTRSXP:
        placeholder = new Opaque("externalptr", Map.of());
        references.add(placeholder);
        readItem();
        readItem();
        break;
      case WEAKREFSXP:
        placeholder = new Opaque("weakref", Map.of());
        references.add(placeholder);
        break;
      case SPECIALSXP:
      case BUILTINSXP:
        {
          int length = readInt("a built-in's name length");
          if (length < 0) {
            throw fail("has a negative built-in name length at byte " + (pos - 4));
          }
          need(length, "a built-in's name");
          String name = new String(buf, pos, length, StandardCharsets.US_ASCII);
          pos += length;
          placeholder = new Opaque((type == SPECIALSXP ? "special " : "builtin ") + name, Map.of());
          break;
        }
      case S4SXP:
        placeholder = new Opaque("S4 object", Map.of());
        break;
      case LGLSXP:
      case INTSXP:
      case REALSXP:
      case CPLXSXP:
      case STRSXP:
      case VECSXP:
      case EXPRSXP:
      case RAWSXP:
        placeholder = null;
        break;
      default:
        throw fail(
            "has an unknown SEXP type "
                + type
                + " at byte "
                + at
                + " (corrupt data or a newer R version)");
    }
    Object data = placeholder == null ? readVectorData(type) : null;
    Map<String, RObject> attributes = hasAttr ? readAttributes() : Map.of();
    if (placeholder instanceof Opaque o) {
      return attributes.isEmpty() ? o : new Opaque(o.type(), attributes);
    }
    return switch (type) {
      case LGLSXP -> new Logicals((int[]) data, attributes);
      case INTSXP -> new Integers((int[]) data, attributes);
      case REALSXP -> new Doubles((double[]) data, attributes);
      case CPLXSXP -> new Complexes((double[]) data, attributes);
      case STRSXP -> new Strings((String[]) data, attributes);
      case RAWSXP -> new Raw((byte[]) data, attributes);
      default -> {
        @SuppressWarnings("unchecked")
        List<RObject> items = (List<RObject>) data;
        yield new ListVector(items, attributes);
      }
    };
  }

  private Object readVectorData(int type) {
    int length = readLength();
    switch (type) {
      case LGLSXP:
      case INTSXP:
        {
          need((long) length * 4, "an integer vector of length " + length);
          int[] values = new int[length];
          for (int i = 0; i < length; i++) {
            values[i] = intAt(pos);
            pos += 4;
          }
          return values;
        }
      case REALSXP:
      case CPLXSXP:
        {
          long count = type == CPLXSXP ? 2L * length : length;
          need(count * 8, "a double vector of length " + length);
          double[] values = new double[(int) count];
          for (int i = 0; i < count; i++) {
            long hi = intAt(pos) & 0xFFFFFFFFL;
            long lo = intAt(pos + 4) & 0xFFFFFFFFL;
            values[i] = Double.longBitsToDouble((hi << 32) | lo);
            pos += 8;
          }
          return values;
        }
      case STRSXP:
        {
          need((long) length * 8, "a character vector of length " + length);
          String[] values = new String[length];
          for (int i = 0; i < length; i++) {
            values[i] = readCharsxp("element " + (i + 1) + " of a character vector");
          }
          return values;
        }
      case RAWSXP:
        {
          need(length, "a raw vector of length " + length);
          byte[] values = java.util.Arrays.copyOfRange(buf, pos, pos + length);
          pos += length;
          return values;
        }
      default:
        {
          need((long) length * 4, "a list of length " + length);
          List<RObject> items = new ArrayList<>(length);
          for (int i = 0; i < length; i++) {
            items.add(readItem());
          }
          return items;
        }
    }
  }

  /** A vector length: an int, or -1 followed by two ints for long vectors. */
  private int readLength() {
    int at = pos;
    int length = readInt("a vector length");
    if (length == -1) {
      long upper = readInt("a long vector length") & 0xFFFFFFFFL;
      long lower = readInt("a long vector length") & 0xFFFFFFFFL;
      long full = (upper << 32) | lower;
      if (full > MAX_LENGTH) {
        throw fail(
            "has a vector of length " + full + " at byte " + at + ", too long for Java arrays");
      }
      return (int) full;
    }
    if (length < 0) {
      throw fail("has an invalid vector length " + length + " at byte " + at);
    }
    return length;
  }

  /** Reads a CHARSXP item; null for {@code NA_character_}. */
  private String readCharsxp(String what) {
    int at = pos;
    int flags = readInt(what);
    int type = flags & 0xFF;
    if (type != CHARSXP) {
      throw fail(
          "has type "
              + type
              + " at byte "
              + at
              + " where a string (CHARSXP, type 9) was expected for "
              + what);
    }
    int levels = flags >>> 12;
    int length = readInt(what + " (length)");
    String value;
    if (length == -1) {
      value = null;
    } else if (length < 0) {
      throw fail("has an invalid string length " + length + " at byte " + (pos - 4));
    } else {
      need(length, what);
      Charset cs;
      if ((levels & UTF8_MASK) != 0 || (levels & ASCII_MASK) != 0) {
        cs = StandardCharsets.UTF_8;
      } else if ((levels & LATIN1_MASK) != 0 || (levels & BYTES_MASK) != 0) {
        cs = StandardCharsets.ISO_8859_1;
      } else {
        cs = nativeCharset;
      }
      value = new String(buf, pos, length, cs);
      pos += length;
    }
    if ((flags & HAS_ATTR_BIT) != 0) {
      readItem(); // old writers: read and ignore, as R does
    }
    return value;
  }

  /** R's {@code InStringVec}: a zero word, a length, then that many CHARSXPs. */
  private List<String> readStringVec(String what) {
    int zero = readInt(what);
    if (zero != 0) {
      throw fail("has a malformed string vector for " + what + " at byte " + (pos - 4));
    }
    int length = readLength();
    need((long) length * 8, what);
    List<String> out = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      String s = readCharsxp(what);
      out.add(s == null ? "NA" : s);
    }
    return out;
  }

  private Environment readEnvironment() {
    int locked = readInt("an environment's lock flag");
    Environment env = new Environment(EnvironmentKind.LOCAL, List.of());
    references.add(env);
    RObject enclosure = readItem();
    RObject frame = readItem();
    RObject hashTable = readItem();
    RObject attributes = readItem();
    env.enclosure(enclosure);
    env.locked(locked != 0);
    bindAll(env, frame);
    if (hashTable instanceof ListVector buckets) {
      for (RObject bucket : buckets.values()) {
        bindAll(env, bucket);
      }
    }
    env.attributes(attributeMap(attributes, "an environment's attributes"));
    return env;
  }

  private static void bindAll(Environment env, RObject frame) {
    if (frame instanceof PairList p) {
      for (Cell c : p.cells()) {
        if (c.tag() != null) {
          env.bind(c.tag(), c.value());
        }
      }
    }
  }

  /** Reads a chain of pairlist cells iteratively (long lists would otherwise recurse deeply). */
  private PairList readPairList(int firstFlags) {
    int firstType = firstFlags & 0xFF;
    PairListKind kind =
        firstType == LANGSXP
            ? PairListKind.LANGUAGE
            : firstType == DOTSXP ? PairListKind.DOTS : PairListKind.PAIRLIST;
    List<Cell> cells = new ArrayList<>();
    Map<String, RObject> attributes = Map.of();
    int flags = firstFlags;
    boolean first = true;
    while (true) {
      int type = flags & 0xFF;
      if (type != LISTSXP && type != LANGSXP && type != DOTSXP) {
        int at = pos - 4;
        RObject tail = readItem(flags);
        if (!(tail instanceof Null)) {
          throw fail("has a pairlist ending in a " + tail.typeName() + " at byte " + at);
        }
        break;
      }
      Map<String, RObject> cellAttributes =
          (flags & HAS_ATTR_BIT) != 0 ? readAttributes() : Map.of();
      if (first) {
        attributes = cellAttributes;
      }
      String tag = null;
      if ((flags & HAS_TAG_BIT) != 0) {
        tag = tagName(readItem());
      }
      cells.add(new Cell(tag, readItem()));
      first = false;
      flags = readInt("a pairlist cell's flags");
    }
    return new PairList(kind, cells, attributes);
  }

  private String tagName(RObject tag) {
    if (tag instanceof Symbol s) {
      return s.name();
    }
    if (tag instanceof Null) {
      return null;
    }
    if (tag instanceof Strings s && s.length() == 1) {
      return s.values()[0];
    }
    throw fail("has a pairlist tag that is a " + tag.typeName() + ", not a symbol");
  }

  private Map<String, RObject> readAttributes() {
    int at = pos;
    return attributeMap(readItem(), "the attributes at byte " + at);
  }

  private Map<String, RObject> attributeMap(RObject list, String what) {
    if (list instanceof Null) {
      return Map.of();
    }
    if (!(list instanceof PairList p)) {
      throw fail("has " + what + " stored as a " + list.typeName() + ", not a pairlist");
    }
    Map<String, RObject> out = new LinkedHashMap<>();
    for (Cell c : p.cells()) {
      if (c.tag() == null) {
        throw fail("has an attribute without a name in " + what);
      }
      out.put(c.tag(), c.value());
    }
    return out;
  }

  // ALTREP: compact sequences, wrappers and deferred strings (R >= 3.5)

  private RObject readAltrep(int at) {
    RObject info = readItem();
    RObject state = readItem();
    RObject attr = readItem();
    Map<String, RObject> attributes = attributeMap(attr, "ALTREP attributes");
    if (!(info instanceof PairList p)
        || p.cells().isEmpty()
        || !(p.cells().get(0).value() instanceof Symbol cls)) {
      throw fail("has an ALTREP object at byte " + at + " without a class description");
    }
    String pkg =
        p.cells().size() > 1 && p.cells().get(1).value() instanceof Symbol s ? s.name() : "?";
    String name = cls.name();
    switch (name) {
      case "compact_intseq":
        {
          double[] info3 = sequenceInfo(state, name, at);
          int n = (int) info3[0];
          int[] values = new int[n];
          long start = (long) info3[1];
          long step = (long) info3[2];
          for (int i = 0; i < n; i++) {
            values[i] = (int) (start + i * step);
          }
          return new Integers(values, attributes);
        }
      case "compact_realseq":
        {
          double[] info3 = sequenceInfo(state, name, at);
          int n = (int) info3[0];
          double[] values = new double[n];
          for (int i = 0; i < n; i++) {
            values[i] = info3[1] + i * info3[2];
          }
          return new Doubles(values, attributes);
        }
      case "wrap_integer":
      case "wrap_logical":
      case "wrap_real":
      case "wrap_complex":
      case "wrap_raw":
      case "wrap_string":
      case "wrap_list":
        return withAttributes(firstOfState(state, name, at), attributes, name, at);
      case "deferred_string":
        return new Strings(deferredStrings(firstOfState(state, name, at), name, at), attributes);
      default:
        throw fail(
            "has an ALTREP object of class '"
                + name
                + "' from package '"
                + pkg
                + "' at byte "
                + at
                + "; supported: compact_intseq, compact_realseq, wrap_*, deferred_string");
    }
  }

  private double[] sequenceInfo(RObject state, String name, int at) {
    double[] v;
    if (state instanceof Doubles d) {
      v = d.values();
    } else if (state instanceof Integers i) {
      v = java.util.Arrays.stream(i.values()).asDoubleStream().toArray();
    } else {
      throw fail("has an ALTREP " + name + " at byte " + at + " with a " + state.typeName());
    }
    if (v.length != 3 || !(v[0] >= 0) || v[0] > MAX_LENGTH) {
      throw fail("has an ALTREP " + name + " at byte " + at + " with an invalid state");
    }
    if (v[0] > MAX_SEQUENCE) {
      throw fail(
          "has an ALTREP "
              + name
              + " at byte "
              + at
              + " of implausible length "
              + (long) v[0]
              + " (corrupt data?)");
    }
    return v;
  }

  private RObject firstOfState(RObject state, String name, int at) {
    if (state instanceof PairList p && !p.cells().isEmpty()) {
      return p.cells().get(0).value();
    }
    if (state instanceof ListVector l && l.length() > 0) {
      return l.values().get(0);
    }
    throw fail("has an ALTREP " + name + " at byte " + at + " with a " + state.typeName());
  }

  private RObject withAttributes(RObject x, Map<String, RObject> attributes, String name, int at) {
    return switch (x) {
      case Logicals v -> new Logicals(v.values(), attributes);
      case Integers v -> new Integers(v.values(), attributes);
      case Doubles v -> new Doubles(v.values(), attributes);
      case Complexes v -> new Complexes(v.values(), attributes);
      case Strings v -> new Strings(v.values(), attributes);
      case Raw v -> new Raw(v.values(), attributes);
      case ListVector v -> new ListVector(v.values(), attributes);
      default -> throw fail("has an ALTREP " + name + " at byte " + at + " wrapping a " + x);
    };
  }

  private String[] deferredStrings(RObject arg, String name, int at) {
    if (arg instanceof Integers i) {
      String[] out = new String[i.length()];
      for (int k = 0; k < out.length; k++) {
        int v = i.values()[k];
        out[k] = v == RObject.NA_INT ? null : Integer.toString(v);
      }
      return out;
    }
    if (arg instanceof Doubles d) {
      String[] out = new String[d.length()];
      for (int k = 0; k < out.length; k++) {
        out[k] = formatDouble(d.values()[k]);
      }
      return out;
    }
    throw fail("has an ALTREP " + name + " at byte " + at + " over a " + arg.typeName());
  }

  /** Formats a double as R's {@code as.character} does (15 significant digits). */
  static String formatDouble(double v) {
    if (RObject.isNa(v)) {
      return null;
    }
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Inf" : "-Inf";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(15)).stripTrailingZeros();
    String fixed = d.toPlainString();
    int exponent = d.precision() - d.scale() - 1;
    BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
    String sci =
        mantissa.toPlainString()
            + "e"
            + (exponent < 0 ? "-" : "+")
            + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    return fixed.length() <= sci.length() ? fixed : sci;
  }

  // primitive reads

  private int readInt(String what) {
    need(4, what);
    int v = intAt(pos);
    pos += 4;
    return v;
  }

  private int intAt(int p) {
    return ((buf[p] & 0xFF) << 24)
        | ((buf[p + 1] & 0xFF) << 16)
        | ((buf[p + 2] & 0xFF) << 8)
        | (buf[p + 3] & 0xFF);
  }

  private void need(long bytes, String what) {
    if (bytes > end - pos) {
      throw truncated(what + " (" + bytes + " bytes needed, " + (end - pos) + " left)");
    }
  }

  private MlException truncated(String what) {
    return fail("is truncated: it ends at byte " + end + " while reading " + what);
  }

  private MlException fail(String message) {
    return new MlException("R data " + source + " " + message);
  }

  private String hex(int from, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(String.format(Locale.ROOT, "%02x", buf[from + i] & 0xFF));
    }
    return sb.toString();
  }
}
