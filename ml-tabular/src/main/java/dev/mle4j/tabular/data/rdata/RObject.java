package dev.mle4j.tabular.data.rdata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A value decoded from R's serialization format.
 *
 * <p>Vectors keep R's representation: {@link Integers} and {@link Logicals} use {@link #NA_INT}
 * ({@code Integer.MIN_VALUE}) for {@code NA}, {@link Doubles} use R's {@code NA} bit pattern (see
 * {@link #isNa(double)}) or another NaN, {@link Strings} use {@code null}. Arrays held by vectors
 * are the object's own: do not modify them. Attributes ({@code names}, {@code class}, {@code
 * levels}, {@code row.names}, ...) keep their serialized order.
 */
public sealed interface RObject {

  /** R's {@code NA_integer_} and {@code NA} for logical vectors. */
  int NA_INT = Integer.MIN_VALUE;

  /** The bits of R's {@code NA_real_}: a NaN whose low word is 1954. */
  long NA_REAL_BITS = 0x7FF00000000007A2L;

  /**
   * Whether a double is R's {@code NA_real_} (rather than another NaN such as {@code 0/0}).
   *
   * @param value the value
   * @return true for {@code NA}
   */
  static boolean isNa(double value) {
    return Double.isNaN(value) && (Double.doubleToRawLongBits(value) & 0xFFFFFFFFL) == 1954L;
  }

  /**
   * The attributes in serialized order (empty when there are none).
   *
   * @return name to value
   */
  Map<String, RObject> attributes();

  /**
   * One attribute.
   *
   * @param name the attribute name, e.g. {@code class}
   * @return its value, if present
   */
  default Optional<RObject> attribute(String name) {
    return Optional.ofNullable(attributes().get(name));
  }

  /**
   * The {@code class} attribute as strings (empty when there is none; implicit classes such as
   * {@code integer} are not included).
   *
   * @return the classes, most specific first
   */
  default List<String> classes() {
    return attribute("class").map(RObject::stringList).orElse(List.of());
  }

  /**
   * Whether the {@code class} attribute contains a class.
   *
   * @param className the class, e.g. {@code data.frame}
   * @return true if it inherits from it
   */
  default boolean inherits(String className) {
    return classes().contains(className);
  }

  /**
   * The {@code names} attribute as strings (empty when there is none).
   *
   * @return the element names
   */
  default List<String> names() {
    return attribute("names").map(RObject::stringList).orElse(List.of());
  }

  /**
   * A short description of the R type, e.g. {@code integer vector}, for messages.
   *
   * @return the description
   */
  String typeName();

  private static List<String> stringList(RObject o) {
    if (o instanceof Strings s) {
      return Collections.unmodifiableList(java.util.Arrays.asList(s.values().clone()));
    }
    if (o instanceof Symbol sym) {
      return List.of(sym.name());
    }
    return List.of();
  }

  /**
   * Copies an attribute map into an unmodifiable map that keeps the order.
   *
   * @param attributes the attributes or null
   * @return the copy
   */
  private static Map<String, RObject> copy(Map<String, RObject> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** An atomic vector or a generic vector (list). */
  sealed interface Vector extends RObject
      permits Logicals, Integers, Doubles, Complexes, Strings, Raw, ListVector {

    /**
     * The number of elements.
     *
     * @return the length
     */
    int length();
  }

  /** R's {@code NULL}. */
  enum Null implements RObject {
    /** The only instance. */
    INSTANCE;

    @Override
    public Map<String, RObject> attributes() {
      return Map.of();
    }

    @Override
    public String typeName() {
      return "NULL";
    }
  }

  /**
   * A symbol (a name), as used for attribute tags and in language objects.
   *
   * @param name the symbol's name
   */
  record Symbol(String name) implements RObject {
    /** Validates the name. */
    public Symbol {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public Map<String, RObject> attributes() {
      return Map.of();
    }

    @Override
    public String typeName() {
      return "symbol";
    }
  }

  /**
   * A logical vector: 1 = TRUE, 0 = FALSE, {@link RObject#NA_INT} = NA.
   *
   * @param values the values
   * @param attributes the attributes
   */
  record Logicals(int[] values, Map<String, RObject> attributes) implements Vector {
    /** Copies the attribute map. */
    public Logicals {
      Objects.requireNonNull(values, "values");
      attributes = copy(attributes);
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public String typeName() {
      return "logical vector";
    }
  }

  /**
   * An integer vector ({@link RObject#NA_INT} = NA); factors are integer vectors with {@code
   * levels} and class {@code factor}.
   *
   * @param values the values
   * @param attributes the attributes
   */
  record Integers(int[] values, Map<String, RObject> attributes) implements Vector {
    /** Copies the attribute map. */
    public Integers {
      Objects.requireNonNull(values, "values");
      attributes = copy(attributes);
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public String typeName() {
      return inherits("factor") ? "factor" : "integer vector";
    }
  }

  /**
   * A double vector ({@code NA} is the NaN of {@link RObject#NA_REAL_BITS}).
   *
   * @param values the values
   * @param attributes the attributes
   */
  record Doubles(double[] values, Map<String, RObject> attributes) implements Vector {
    /** Copies the attribute map. */
    public Doubles {
      Objects.requireNonNull(values, "values");
      attributes = copy(attributes);
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public String typeName() {
      return "double vector";
    }
  }

  /**
   * A complex vector: real and imaginary parts interleaved, so {@code values.length} is twice the
   * length.
   *
   * @param values real0, imaginary0, real1, imaginary1, ...
   * @param attributes the attributes
   */
  record Complexes(double[] values, Map<String, RObject> attributes) implements Vector {
    /** Copies the attribute map. */
    public Complexes {
      Objects.requireNonNull(values, "values");
      attributes = copy(attributes);
    }

    @Override
    public int length() {
      return values.length / 2;
    }

    @Override
    public String typeName() {
      return "complex vector";
    }
  }

  /**
   * A character vector ({@code null} = NA).
   *
   * @param values the strings
   * @param attributes the attributes
   */
  record Strings(String[] values, Map<String, RObject> attributes) implements Vector {
    /** Copies the attribute map. */
    public Strings {
      Objects.requireNonNull(values, "values");
      attributes = copy(attributes);
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public String typeName() {
      return "character vector";
    }
  }

  /**
   * A raw (byte) vector.
   *
   * @param values the bytes
   * @param attributes the attributes
   */
  record Raw(byte[] values, Map<String, RObject> attributes) implements Vector {
    /** Copies the attribute map. */
    public Raw {
      Objects.requireNonNull(values, "values");
      attributes = copy(attributes);
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public String typeName() {
      return "raw vector";
    }
  }

  /**
   * A generic vector ({@code list()}, also expression vectors); data frames are lists of columns
   * with class {@code data.frame}.
   *
   * @param values the elements
   * @param attributes the attributes
   */
  record ListVector(List<RObject> values, Map<String, RObject> attributes) implements Vector {
    /** Copies the element list and the attribute map. */
    public ListVector {
      values = Collections.unmodifiableList(new ArrayList<>(values));
      attributes = copy(attributes);
    }

    @Override
    public int length() {
      return values.size();
    }

    /**
     * The element with a name.
     *
     * @param name the element name
     * @return the first element with that name, if any
     */
    public Optional<RObject> get(String name) {
      int i = names().indexOf(name);
      return i < 0 || i >= values.size() ? Optional.empty() : Optional.of(values.get(i));
    }

    @Override
    public String typeName() {
      return inherits("data.frame") ? "data.frame" : "list";
    }
  }

  /**
   * A pairlist, a language object (a call) or a {@code ...} list, flattened into its cells.
   *
   * @param kind which of the three
   * @param cells the cells in order
   * @param attributes the attributes of the first cell
   */
  record PairList(PairListKind kind, List<Cell> cells, Map<String, RObject> attributes)
      implements RObject {
    /** Copies the cell list and the attribute map. */
    public PairList {
      Objects.requireNonNull(kind, "kind");
      cells = List.copyOf(cells);
      attributes = copy(attributes);
    }

    /**
     * The value of the first cell tagged with a name.
     *
     * @param tag the tag
     * @return the value, if a cell has that tag
     */
    public Optional<RObject> get(String tag) {
      for (Cell c : cells) {
        if (tag.equals(c.tag())) {
          return Optional.of(c.value());
        }
      }
      return Optional.empty();
    }

    @Override
    public String typeName() {
      return switch (kind) {
        case LANGUAGE -> "call";
        case DOTS -> "... list";
        default -> "pairlist";
      };
    }
  }

  /** The kinds of {@link PairList}. */
  enum PairListKind {
    /** {@code LISTSXP}: attribute lists, environment frames, formals. */
    PAIRLIST,
    /** {@code LANGSXP}: an unevaluated call. */
    LANGUAGE,
    /** {@code DOTSXP}: a {@code ...} argument list. */
    DOTS
  }

  /**
   * One cell of a {@link PairList}.
   *
   * @param tag the tag (a name) or null
   * @param value the value
   */
  record Cell(String tag, RObject value) {
    /** Validates the value. */
    public Cell {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A reference the writer's persistence hook replaced an object with (in lazy-load databases:
   * environments, keyed like {@code env::3}), when no hook resolved it.
   *
   * @param key the strings the hook wrote
   */
  record PersistentRef(List<String> key) implements RObject {
    /** Copies the key. */
    public PersistentRef {
      key = List.copyOf(key);
    }

    @Override
    public Map<String, RObject> attributes() {
      return Map.of();
    }

    @Override
    public String typeName() {
      return "persistent reference " + key;
    }
  }

  /**
   * A value of a type this library decodes but does not model: functions (closures, built-ins),
   * promises, external pointers, weak references, S4 objects. It keeps its attributes.
   *
   * @param type R's type name, e.g. {@code closure}, {@code builtin sum}, {@code externalptr}
   * @param attributes the attributes
   */
  record Opaque(String type, Map<String, RObject> attributes) implements RObject {
    /** Copies the attribute map. */
    public Opaque {
      Objects.requireNonNull(type, "type");
      attributes = copy(attributes);
    }

    @Override
    public String typeName() {
      return type;
    }
  }

  /** The kinds of {@link Environment}. */
  enum EnvironmentKind {
    /** {@code globalenv()}. */
    GLOBAL,
    /** {@code emptyenv()}. */
    EMPTY,
    /** {@code baseenv()}. */
    BASE,
    /** The base namespace. */
    BASE_NAMESPACE,
    /** A package namespace, named by {@link Environment#spec()}. */
    NAMESPACE,
    /** A package environment on the search path, named by {@link Environment#spec()}. */
    PACKAGE,
    /** Any other environment, serialized with its variables. */
    LOCAL
  }

  /**
   * An R environment. Well-known environments (global, base, namespaces, ...) are only named; other
   * environments carry their variables and enclosure. Environments may refer to themselves, so
   * equality is identity for {@link EnvironmentKind#LOCAL} ones.
   */
  final class Environment implements RObject {
    private final EnvironmentKind kind;
    private final List<String> spec;
    private final Map<String, RObject> variables = new LinkedHashMap<>();
    private RObject enclosure = Null.INSTANCE;
    private Map<String, RObject> attributes = Map.of();
    private boolean locked;

    /**
     * Creates an environment; the decoder fills local ones in after registering them.
     *
     * @param kind the kind
     * @param spec the namespace or package name information (empty for other kinds)
     */
    public Environment(EnvironmentKind kind, List<String> spec) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.spec = List.copyOf(spec);
    }

    /**
     * The kind.
     *
     * @return the kind
     */
    public EnvironmentKind kind() {
      return kind;
    }

    /**
     * For namespaces and packages, the name information R wrote (e.g. name and version).
     *
     * @return the strings, empty for other kinds
     */
    public List<String> spec() {
      return spec;
    }

    /**
     * The variables of a local environment, in serialized order (a read-only view).
     *
     * @return name to value
     */
    public Map<String, RObject> variables() {
      return Collections.unmodifiableMap(variables);
    }

    /**
     * The enclosing environment ({@link Null#INSTANCE} when not serialized).
     *
     * @return the enclosure
     */
    public RObject enclosure() {
      return enclosure;
    }

    /**
     * Whether the environment was locked.
     *
     * @return true if locked
     */
    public boolean locked() {
      return locked;
    }

    @Override
    public Map<String, RObject> attributes() {
      return attributes;
    }

    void bind(String name, RObject value) {
      variables.put(name, value);
    }

    void enclosure(RObject value) {
      this.enclosure = value;
    }

    void attributes(Map<String, RObject> value) {
      this.attributes = copy(value);
    }

    void locked(boolean value) {
      this.locked = value;
    }

    @Override
    public String typeName() {
      return "environment";
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      return kind != EnvironmentKind.LOCAL
          && o instanceof Environment e
          && e.kind == kind
          && e.spec.equals(spec);
    }

    @Override
    public int hashCode() {
      return kind == EnvironmentKind.LOCAL
          ? System.identityHashCode(this)
          : Objects.hash(kind, spec);
    }

    @Override
    public String toString() {
      return "Environment[" + kind + (spec.isEmpty() ? "" : " " + spec) + "]";
    }
  }
}
