package dev.mle4j.tabular.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mle4j.core.MlException;
import dev.mle4j.core.serving.InvalidInputException;
import dev.mle4j.tabular.data.ColumnType;
import dev.mle4j.tabular.data.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<ColumnProfile> columns() {
    List<String> colours = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      colours.add("c" + (char) ('a' + i));
    }
    return List.of(
        new ColumnProfile("id", ColumnType.ID, 0, List.of(), null, null),
        new ColumnProfile("age", ColumnType.NUMERIC, 3, List.of(), 1.0, 80.0),
        new ColumnProfile("fare", ColumnType.NUMERIC, 0, List.of(), 0.0, 500.0),
        new ColumnProfile("sex", ColumnType.CATEGORICAL, 0, List.of("female", "male"), null, null),
        new ColumnProfile("colour", ColumnType.CATEGORICAL, 0, colours, null, null),
        new ColumnProfile("deck", ColumnType.CATEGORICAL, 10, List.of("A", "B"), null, null),
        new ColumnProfile("pclass", ColumnType.CATEGORICAL, 0, List.of("1", "2", "3"), null, null),
        new ColumnProfile("alone", ColumnType.BOOLEAN, 0, List.of(), 0.0, 1.0),
        new ColumnProfile("when", ColumnType.DATETIME, 0, List.of(), 0.0, 2e9),
        new ColumnProfile("note", ColumnType.TEXT, 5, List.of(), null, null));
  }

  private static RowValidator defaults() {
    return RowValidator.builder(columns()).build();
  }

  private static Map<String, Object> read(RowValidator v, String json) throws Exception {
    return v.read(JSON.readTree(json));
  }

  private static final String GOOD =
      "{\"id\": \"x1\", \"age\": 30, \"fare\": 7.25, \"sex\": \"male\", \"colour\": \"cb\","
          + " \"deck\": null, \"pclass\": 3, \"alone\": true, \"when\": \"2024-01-02\","
          + " \"note\": \"hello\"}";

  private static void rejects(RowValidator v, String json, String field, String part) {
    assertThatThrownBy(() -> read(v, json))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(part)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
  }

  private static String with(String field, String jsonValue) throws Exception {
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(GOOD);
    node.set(field, JSON.readTree(jsonValue));
    return node.toString();
  }

  private static String without(String field) throws Exception {
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(GOOD);
    node.remove(field);
    return node.toString();
  }

  @Test
  void acceptsAGoodRowAndNormalisesItsValues() throws Exception {
    Map<String, Object> row = read(defaults(), GOOD);
    assertThat(row.keySet())
        .containsExactly(
            "id", "age", "fare", "sex", "colour", "deck", "pclass", "alone", "when", "note");
    assertThat(row.get("age")).isEqualTo(30.0);
    assertThat(row.get("fare")).isEqualTo(7.25);
    assertThat(row.get("sex")).isEqualTo("male");
    assertThat(row.get("deck")).isNull();
    assertThat(row.get("pclass")).isEqualTo("3");
    assertThat(row.get("alone")).isEqualTo(1.0);
    assertThat(row.get("when")).isEqualTo(Values.parseDatetime("2024-01-02"));
    assertThat(row.get("note")).isEqualTo("hello");
    // numeric strings are parsed as in CSV files, strings are trimmed
    Map<String, Object> strings =
        read(defaults(), with("fare", "\" 12.5 \"").replace("\"male\"", "\" male \""));
    assertThat(strings.get("fare")).isEqualTo(12.5);
    assertThat(strings.get("sex")).isEqualTo("male");
    assertThat(read(defaults(), with("alone", "\"No\"")).get("alone")).isEqualTo(0.0);
    assertThat(read(defaults(), with("alone", "1")).get("alone")).isEqualTo(1.0);
    assertThat(read(defaults(), with("when", "1700000000")).get("when")).isEqualTo(1.7e9);
    assertThat(read(defaults(), with("pclass", "2.0")).get("pclass")).isEqualTo("2");
  }

  @Test
  void missingValuesFollowTheTrainingData() throws Exception {
    RowValidator v = defaults();
    rejects(v, without("fare"), "fare", "field 'fare' is required");
    rejects(v, with("fare", "null"), "fare", "field 'fare' must not be null");
    rejects(v, with("sex", "\"\""), "sex", "field 'sex' must not be missing");
    rejects(v, with("fare", "\"NaN\""), "fare", "field 'fare' must not be missing, got 'NaN'");
    // age, deck and note had missing values in training; id columns may always be missing
    Map<String, Object> row = read(v, without("age").replace("\"x1\"", "null"));
    assertThat((Double) row.get("age")).isNaN();
    assertThat(row.get("id")).isNull();
    assertThat((Double) read(v, with("age", "\"NaN\"")).get("age")).isNaN();
    assertThat((Double) read(v, with("age", "null")).get("age")).isNaN();
    assertThat(read(v, with("deck", "\"NA\"")).get("deck")).isNull();
  }

  @Test
  void missingPolicyCanBeChanged() throws Exception {
    RowValidator all =
        RowValidator.builder(columns()).missing(RowValidator.MissingPolicy.ALLOW_ALL).build();
    assertThat((Double) read(all, without("fare")).get("fare")).isNaN();
    assertThat(all.allowsMissing("sex")).isTrue();
    RowValidator none =
        RowValidator.builder(columns()).missing(RowValidator.MissingPolicy.REJECT_ALL).build();
    rejects(none, without("age"), "age", "field 'age' is required");
    assertThat(none.allowsMissing("id")).isTrue();
    RowValidator some = RowValidator.builder(columns()).allowMissing(Set.of("fare")).build();
    assertThat((Double) read(some, without("fare")).get("fare")).isNaN();
    rejects(some, without("sex"), "sex", "field 'sex' is required");
    assertThatThrownBy(() -> RowValidator.builder(columns()).allowMissing(Set.of("nope")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'nope' is not an input column");
  }

  @Test
  void extraFieldsAreIgnoredAndCountedOrRejected() throws Exception {
    RowValidator v = defaults();
    Map<String, Object> row = read(v, with("extra", "1").replace("{", "{\"more\": [1],"));
    assertThat(row).doesNotContainKeys("extra", "more");
    assertThat(v.ignoredFields()).isEqualTo(2);
    read(v, with("x", "\"y\""));
    assertThat(v.ignoredFields()).isEqualTo(3);
    RowValidator strict =
        RowValidator.builder(columns()).extraFields(RowValidator.ExtraFieldPolicy.REJECT).build();
    rejects(
        strict, with("extra", "1"), "extra", "unknown field 'extra'; input fields are [id, age");
  }

  @Test
  void wrongJsonTypesAreRejected() throws Exception {
    RowValidator v = defaults();
    rejects(
        v,
        with("fare", "\"cheap\""),
        "fare",
        "field 'fare' must be a number: not a number: 'cheap'");
    rejects(v, with("fare", "{\"v\": 1}"), "fare", "must be a single value");
    rejects(v, with("sex", "[\"male\"]"), "sex", "got array");
    rejects(v, with("fare", "true"), "fare", "field 'fare' must be a number, got boolean true");
    rejects(v, with("alone", "\"maybe\""), "alone", "must be a yes/no value");
    rejects(v, with("alone", "2"), "alone", "must be a yes/no value");
    // Java maps with nested values are rejected too
    Map<String, Object> row = new HashMap<>(read(v, GOOD));
    row.put("fare", List.of(1.0));
    assertThatThrownBy(() -> v.validate(row))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field 'fare' must be a single value");
  }

  @Test
  void nonFiniteNumbersAreRejected() throws Exception {
    RowValidator v = defaults();
    rejects(v, with("fare", "\"Infinity\""), "fare", "not a finite number: 'Infinity'");
    rejects(v, with("age", "\"-Infinity\""), "age", "not a finite number");
    rejects(v, GOOD.replace("7.25", "1e400"), "fare", "field 'fare' must be finite");
    Map<String, Object> row = new HashMap<>(read(v, GOOD));
    row.put("fare", Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> v.validate(row))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must be finite");
    row.put("fare", Double.NaN);
    assertThatThrownBy(() -> v.validate(row))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field 'fare' must not be missing");
  }

  @Test
  void unknownCategoriesAreRejectedListingKnownValuesOrAllowed() throws Exception {
    RowValidator v = defaults();
    rejects(
        v,
        with("sex", "\"other\""),
        "sex",
        "field 'sex' has unknown category 'other'; known values: [female, male]");
    rejects(
        v,
        with("colour", "\"zz\""),
        "colour",
        "known values: [ca, cb, cc, cd, ce, cf, cg, ch, ci, cj] ... (14 in all)");
    rejects(v, with("pclass", "4"), "pclass", "unknown category '4'");
    RowValidator open =
        RowValidator.builder(columns())
            .unknownCategories(RowValidator.CategoryPolicy.ALLOW)
            .build();
    assertThat(read(open, with("sex", "\"other\"")).get("sex")).isEqualTo("other");
    // text columns have no category check
    assertThat(read(v, with("note", "\"anything at all\"")).get("note"))
        .isEqualTo("anything at all");
  }

  @Test
  void unparsableDatetimesAreRejected() throws Exception {
    RowValidator v = defaults();
    rejects(v, with("when", "\"yesterday\""), "when", "must be a date or date-time");
    rejects(v, with("when", "\"2024-13-45\""), "when", "not a date or date-time: '2024-13-45'");
    assertThat(read(v, with("when", "\"2024-01-02T03:04:05Z\"")).get("when"))
        .isEqualTo(Values.parseDatetime("2024-01-02T03:04:05Z"));
  }

  @Test
  void builderRejectsNoColumns() {
    assertThatThrownBy(() -> RowValidator.builder(List.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least one input column");
    JsonNode unused = JSON.createObjectNode();
    assertThat(unused.isEmpty()).isTrue();
  }
}
