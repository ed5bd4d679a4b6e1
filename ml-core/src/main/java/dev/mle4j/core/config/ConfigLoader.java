package dev.mle4j.core.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a YAML ({@code .yml}, {@code .yaml}) or JSON ({@code .json}) file into a typed object,
 * usually a record, with Jackson. Loading is strict:
 *
 * <ul>
 *   <li>unknown fields are rejected, listing the allowed ones;
 *   <li>values of the wrong type are rejected (no string-to-number coercion, no fraction into an
 *       integer);
 *   <li>primitive components and components annotated {@code @JsonProperty(required = true)} are
 *       required; other reference-typed components are optional and arrive as {@code null} (a
 *       record may default them in its compact constructor);
 *   <li>an exception thrown by a constructor is reported as a problem of that object;
 *   <li>finally every object in the result that implements {@link Validated} is checked.
 * </ul>
 *
 * Every failure is a {@link ConfigException} whose message names the file, the field path (e.g.
 * {@code training.epochs}), the problem, and the line and column. This class is thread-safe.
 */
public final class ConfigLoader {
  private static final Pattern MISSING_CREATOR_PROPERTY =
      Pattern.compile("Missing (?:required )?creator property '([^']+)'");

  private static final Pattern QUOTED_VALUE = Pattern.compile("(?:String|value) \\(\"(.*?)\"\\)");
  private static final Pattern INPUT_SHAPE =
      Pattern.compile("from (Array|Object|Null|Boolean|Integer|Floating-point|String) value");

  private static final ObjectMapper JSON = configure(JsonMapper.builder());
  private static final ObjectMapper YAML = configure(YAMLMapper.builder());

  private ConfigLoader() {}

  /**
   * Loads and validates a configuration file.
   *
   * @param file a {@code .yml}, {@code .yaml} or {@code .json} file
   * @param type the target type, usually a record
   * @param <T> the target type
   * @return the loaded object, never null
   * @throws ConfigException if the file is missing, malformed, or does not fit or pass the checks
   *     of {@code type}
   */
  public static <T> T load(Path file, Class<T> type) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(type, "type");
    ObjectMapper mapper = mapperFor(file);
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw single(file, "", "file not found: " + file.toAbsolutePath(), null, e);
    } catch (IOException e) {
      throw single(file, "", "cannot read file: " + e.getMessage(), null, e);
    }
    T value;
    try {
      value = mapper.readValue(content, type);
    } catch (JsonProcessingException e) {
      Map<String, JsonLocation> locations = locations(mapper, content);
      ConfigException error = translate(file, e, type, locations);
      if (e instanceof JsonMappingException && !(e instanceof UnrecognizedPropertyException)) {
        // records buffer unknown fields until their constructor ran, so a misspelt field first
        // shows up as a missing value or a constructor error: report the misspelling as well
        List<ConfigProblem> problems = new ArrayList<>();
        unknownFields(mapper, content, type, locations, problems);
        if (!problems.isEmpty()) {
          problems.addAll(error.problems());
          throw new ConfigException(file, problems, e);
        }
      }
      throw error;
    } catch (IOException e) {
      throw single(file, "", "cannot read file: " + e.getMessage(), null, e);
    }
    if (value == null) {
      throw single(file, "", "file is empty, expected " + describe(type), null, null);
    }
    List<PendingViolation> violations = new ArrayList<>();
    collect(mapper, value, "", violations, Collections.newSetFromMap(new IdentityHashMap<>()));
    if (!violations.isEmpty()) {
      Map<String, JsonLocation> locations = locations(mapper, content);
      List<ConfigProblem> problems = new ArrayList<>();
      for (PendingViolation v : violations) {
        JsonLocation location = nearest(locations, v.path());
        problems.add(
            new ConfigProblem(
                v.path(),
                v.message(),
                location == null ? -1 : location.getLineNr(),
                location == null ? -1 : location.getColumnNr()));
      }
      problems.sort(
          (a, b) ->
              a.line() != b.line()
                  ? Integer.compare(a.line(), b.line())
                  : Integer.compare(a.column(), b.column()));
      throw new ConfigException(file, problems, null);
    }
    return value;
  }

  private static ObjectMapper mapperFor(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".yml") || lower.endsWith(".yaml")) {
      return YAML;
    }
    if (lower.endsWith(".json")) {
      return JSON;
    }
    throw single(
        file, "", "unsupported file type '" + name + "': use .yml, .yaml or .json", null, null);
  }

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> ObjectMapper configure(
      MapperBuilder<M, B> builder) {
    ObjectMapper mapper =
        builder
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    // numbers and booleans written where a string is expected (e.g. version: 1.0) stay allowed
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
        .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
    return mapper;
  }

  // ---------------------------------------------------------------- binding errors

  /** Finds fields of the document that the target types do not have. */
  private static void unknownFields(
      ObjectMapper mapper,
      byte[] content,
      Class<?> type,
      Map<String, JsonLocation> locations,
      List<ConfigProblem> out) {
    try {
      JsonNode tree = mapper.readTree(content);
      DeserializationContext context =
          ((DefaultDeserializationContext) mapper.getDeserializationContext())
              .createDummyInstance(mapper.getDeserializationConfig());
      unknownFields(mapper, context, tree, mapper.constructType(type), "", locations, out);
    } catch (IOException | RuntimeException ignored) {
      // best effort: the binding error itself is still reported
    }
  }

  private static void unknownFields(
      ObjectMapper mapper,
      DeserializationContext context,
      JsonNode node,
      JavaType type,
      String path,
      Map<String, JsonLocation> locations,
      List<ConfigProblem> out)
      throws IOException {
    if (node == null || type == null) {
      return;
    }
    if (node.isArray() && (type.isCollectionLikeType() || type.isArrayType())) {
      for (int i = 0; i < node.size(); i++) {
        unknownFields(
            mapper,
            context,
            node.get(i),
            type.getContentType(),
            path + "[" + i + "]",
            locations,
            out);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    if (type.isMapLikeType()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        unknownFields(
            mapper,
            context,
            e.getValue(),
            type.getContentType(),
            join(path, e.getKey()),
            locations,
            out);
      }
      return;
    }
    if (!(context.findRootValueDeserializer(type) instanceof BeanDeserializerBase bean)) {
      return;
    }
    DeserializationConfig config = mapper.getDeserializationConfig();
    BeanDescription description = config.introspect(type);
    JsonIgnoreProperties.Value ignorals =
        config.getDefaultPropertyIgnorals(type.getRawClass(), description.getClassInfo());
    if (description.findAnySetterAccessor() != null || ignorals.getIgnoreUnknown()) {
      return;
    }
    Set<String> ignored = ignorals.findIgnoredForDeserialization();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      String childPath = join(path, name);
      if (ignored.contains(name)) {
        continue;
      }
      SettableBeanProperty property = bean.findProperty(name);
      if (property == null) {
        Set<String> allowed = new TreeSet<>();
        bean.getKnownPropertyNames().forEach(id -> allowed.add(String.valueOf(id)));
        JsonLocation location = locations.get(childPath);
        out.add(
            new ConfigProblem(
                childPath,
                "unknown field '" + name + "'; allowed fields: " + allowed,
                location == null ? -1 : location.getLineNr(),
                location == null ? -1 : location.getColumnNr()));
      } else {
        unknownFields(mapper, context, e.getValue(), property.getType(), childPath, locations, out);
      }
    }
  }

  private static ConfigException translate(
      Path file, JsonProcessingException e, Class<?> root, Map<String, JsonLocation> locations) {
    JsonLocation location = e.getLocation();
    if (e instanceof JsonMappingException m && locations.containsKey(path(m.getPath()))) {
      // the position of the value itself, not where the parser noticed the problem
      location = locations.get(path(m.getPath()));
    }
    if (e instanceof UnrecognizedPropertyException u) {
      Set<String> allowed = new TreeSet<>();
      if (u.getKnownPropertyIds() != null) {
        u.getKnownPropertyIds().forEach(id -> allowed.add(String.valueOf(id)));
      }
      return single(
          file,
          path(u.getPath()),
          "unknown field '" + u.getPropertyName() + "'; allowed fields: " + allowed,
          location,
          e);
    }
    if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause() == null ? v : v.getCause();
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      return single(file, path(v.getPath()), "invalid value: " + message, location, e);
    }
    if (e instanceof InvalidFormatException f) {
      return single(
          file,
          path(f.getPath()),
          "wrong type: expected " + describe(f.getTargetType()) + ", got " + quote(f.getValue()),
          location,
          e);
    }
    if (e instanceof MismatchedInputException m) {
      String original = String.valueOf(m.getOriginalMessage());
      String path = path(m.getPath());
      Matcher missing = MISSING_CREATOR_PROPERTY.matcher(original);
      if (missing.find()) {
        return single(
            file,
            join(path, missing.group(1)),
            "missing required field",
            nearest(locations, path),
            e);
      }
      if (original.contains("Cannot map `null`") && !locations.containsKey(path)) {
        return single(file, path, "missing required field", nearest(locations, path), e);
      }
      if (original.startsWith("No content to map")) {
        return single(file, "", "file is empty, expected " + describe(root), location, e);
      }
      String got = currentValue(m);
      if (original.contains("Cannot map `null`") || "null".equals(got)) {
        return single(
            file,
            path,
            "missing value: expected " + describe(m.getTargetType()) + ", got null",
            location,
            e);
      }
      return single(
          file,
          path,
          "wrong type: expected "
              + describe(m.getTargetType())
              + (got == null ? "" : ", got " + got),
          location,
          e);
    }
    if (e instanceof JsonMappingException m) {
      return single(file, path(m.getPath()), m.getOriginalMessage(), location, e);
    }
    // syntax errors (JSON or YAML)
    return single(file, "", "syntax error: " + firstLine(e.getOriginalMessage()), location, e);
  }

  /** Describes the offending input from Jackson's message (the parser is closed by then). */
  private static String currentValue(MismatchedInputException m) {
    String message = String.valueOf(m.getOriginalMessage());
    Matcher quoted = QUOTED_VALUE.matcher(message);
    if (quoted.find()) {
      return "\"" + quoted.group(1) + "\"";
    }
    Matcher shape = INPUT_SHAPE.matcher(message);
    if (shape.find()) {
      return switch (shape.group(1)) {
        case "Array" -> "a list";
        case "Object" -> "an object";
        case "Null" -> "null";
        case "Boolean" -> "true or false";
        case "Integer" -> "an integer";
        case "Floating-point" -> "a number with a fraction";
        case "String" -> "a string";
        default -> null;
      };
    }
    return null;
  }

  private static String describe(Class<?> type) {
    return type == null ? "a value" : describe(JSON.constructType(type));
  }

  private static String describe(JavaType type) {
    if (type == null) {
      return "a value";
    }
    Class<?> raw = type.getRawClass();
    if (raw == int.class
        || raw == Integer.class
        || raw == long.class
        || raw == Long.class
        || raw == short.class
        || raw == Short.class
        || raw == byte.class
        || raw == Byte.class
        || raw == BigInteger.class) {
      return "an integer";
    }
    if (raw == double.class
        || raw == Double.class
        || raw == float.class
        || raw == Float.class
        || raw == BigDecimal.class) {
      return "a number";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "true or false";
    }
    if (raw == String.class || raw == char.class || raw == Character.class) {
      return "a string";
    }
    if (raw.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : raw.getEnumConstants()) {
        names.add(((Enum<?>) c).name());
      }
      return "one of " + names;
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return "a list";
    }
    if (type.isMapLikeType()) {
      return "a mapping";
    }
    if (raw.getName().startsWith("java.")) {
      return "a " + raw.getSimpleName();
    }
    return "an object (" + raw.getSimpleName() + ")";
  }

  private static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String join(String path, String field) {
    if (field == null || field.isEmpty()) {
      return path;
    }
    if (path.isEmpty()) {
      return field;
    }
    return field.startsWith("[") ? path + field : path + "." + field;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed content";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static ConfigException single(
      Path file, String path, String message, JsonLocation location, Throwable cause) {
    int line = location == null ? -1 : location.getLineNr();
    int column = location == null ? -1 : location.getColumnNr();
    return new ConfigException(
        file, List.of(new ConfigProblem(path, message, line, column)), cause);
  }

  // ---------------------------------------------------------------- validation

  private record PendingViolation(String path, String message) {}

  private static void collect(
      ObjectMapper mapper,
      Object value,
      String path,
      List<PendingViolation> out,
      Set<Object> seen) {
    if (value == null || isLeaf(value.getClass()) || !seen.add(value)) {
      return;
    }
    if (value instanceof Collection<?> c) {
      int i = 0;
      for (Object element : c) {
        collect(mapper, element, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (value.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(value); i++) {
        collect(mapper, Array.get(value, i), path + "[" + i + "]", out, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        collect(mapper, e.getValue(), join(path, String.valueOf(e.getKey())), out, seen);
      }
      return;
    }
    if (value instanceof Optional<?> o) {
      o.ifPresent(v -> collect(mapper, v, path, out, seen));
      return;
    }
    if (value.getClass().getName().startsWith("java.")) {
      return;
    }
    // children first, then the object itself: a parent's cross-field checks read last
    for (BeanPropertyDefinition property :
        mapper
            .getSerializationConfig()
            .introspect(mapper.constructType(value.getClass()))
            .findProperties()) {
      AnnotatedMember accessor = property.getAccessor();
      if (accessor == null) {
        continue;
      }
      Object child;
      try {
        accessor.fixAccess(true);
        child = accessor.getValue(value);
      } catch (RuntimeException e) {
        continue;
      }
      collect(mapper, child, join(path, property.getName()), out, seen);
    }
    if (value instanceof Validated validated) {
      List<Violation> violations = validated.violations();
      if (violations != null) {
        for (Violation v : violations) {
          out.add(new PendingViolation(join(path, v.field()), v.message()));
        }
      }
    }
  }

  private static boolean isLeaf(Class<?> type) {
    return type.isPrimitive()
        || type.isEnum()
        || type == String.class
        || Number.class.isAssignableFrom(type)
        || type == Boolean.class
        || type == Character.class
        || (type.isArray() && type.getComponentType().isPrimitive());
  }

  /** Maps each field path in the document to the position of its value. */
  private static Map<String, JsonLocation> locations(ObjectMapper mapper, byte[] content) {
    Map<String, JsonLocation> locations = new HashMap<>();
    try (JsonParser p = mapper.getFactory().createParser(content)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        JsonStreamContext context = p.getParsingContext();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          context = context.getParent();
        } else if (token == JsonToken.END_OBJECT
            || token == JsonToken.END_ARRAY
            || token == JsonToken.FIELD_NAME) {
          continue;
        }
        locations.putIfAbsent(pathOf(context), p.currentTokenLocation());
      }
    } catch (IOException e) {
      // the document parsed once already; without positions the problems are still reported
      return locations;
    }
    return locations;
  }

  private static String pathOf(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject()) {
        parts.add(c.getCurrentName() == null ? "" : "." + c.getCurrentName());
      } else if (c.inArray()) {
        parts.add("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      }
    }
    Collections.reverse(parts);
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  private static JsonLocation nearest(Map<String, JsonLocation> locations, String path) {
    String p = path;
    while (true) {
      JsonLocation location = locations.get(p);
      if (location != null || p.isEmpty()) {
        return location;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }
}
