package dev.mle4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  enum Optimizer {
    SGD,
    ADAM
  }

  record Training(int epochs, double learningRate, Optimizer optimizer, Duration timeout) {}

  record Split(double train, double validation) implements Validated {
    @Override
    public List<Violation> violations() {
      List<Violation> v = new ArrayList<>();
      if (!(train > 0 && train < 1)) {
        v.add(Violation.of("train", "must be in (0,1), got " + train));
      }
      if (train + validation >= 1) {
        v.add(Violation.of("", "train + validation must be < 1, got " + (train + validation)));
      }
      return v;
    }
  }

  record Layer(int size, String activation) implements Validated {
    @Override
    public List<Violation> violations() {
      return size > 0 ? List.of() : List.of(Violation.of("size", "must be > 0, got " + size));
    }
  }

  record Experiment(
      @JsonProperty(required = true) String name,
      String notes,
      Training training,
      Split split,
      List<Layer> layers,
      Map<String, String> tags)
      implements Validated {
    Experiment {
      notes = notes == null ? "" : notes;
      if (name != null && name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
    }

    @Override
    public List<Violation> violations() {
      return layers != null && layers.size() > 3
          ? List.of(Violation.of("layers", "at most 3 layers, got " + layers.size()))
          : List.of();
    }
  }

  static final String YAML =
      """
      name: spam
      training:
        epochs: 5
        learningRate: 0.01
        optimizer: ADAM
        timeout: PT30S
      split:
        train: 0.8
        validation: 0.1
      layers:
        - size: 64
          activation: relu
        - size: 2
          activation: softmax
      tags:
        owner: nlp
      """;

  static Path write(Path dir, String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  static ConfigException fail(Path file) {
    return catchThrowableOfType(
        ConfigException.class, () -> ConfigLoader.load(file, Experiment.class));
  }

  @Test
  void loadsYaml(@TempDir Path dir) throws Exception {
    for (String name : List.of("exp.yml", "exp.yaml")) {
      Experiment e = ConfigLoader.load(write(dir, name, YAML), Experiment.class);
      assertThat(e.name()).isEqualTo("spam");
      assertThat(e.notes()).isEmpty();
      // a number where a string is expected is taken as its text
      assertThat(
              ConfigLoader.load(write(dir, "n" + name, YAML + "notes: 1.5\n"), Experiment.class)
                  .notes())
          .isEqualTo("1.5");
      assertThat(e.training())
          .isEqualTo(new Training(5, 0.01, Optimizer.ADAM, Duration.ofSeconds(30)));
      assertThat(e.split()).isEqualTo(new Split(0.8, 0.1));
      assertThat(e.layers()).containsExactly(new Layer(64, "relu"), new Layer(2, "softmax"));
      assertThat(e.tags()).containsEntry("owner", "nlp");
    }
  }

  @Test
  void loadsJson(@TempDir Path dir) throws Exception {
    Path file =
        write(
            dir,
            "exp.json",
            """
            {"name": "spam", "notes": "n",
             "training": {"epochs": 3, "learningRate": 0.5, "optimizer": "SGD"},
             "split": {"train": 0.7, "validation": 0.15},
             "layers": [{"size": 8, "activation": "tanh"}]}
            """);
    Experiment e = ConfigLoader.load(file, Experiment.class);
    assertThat(e.training().epochs()).isEqualTo(3);
    assertThat(e.training().timeout()).isNull();
    assertThat(e.split().train()).isEqualTo(0.7);
    assertThat(e.layers()).hasSize(1);
  }

  @Test
  void unknownFieldListsAllowedFields(@TempDir Path dir) throws Exception {
    ConfigException e = fail(write(dir, "c.yml", YAML.replace("  epochs: 5", "  epochz: 5")));
    assertThat(e)
        .isInstanceOf(MlException.class)
        .hasMessageContaining("training.epochz: unknown field 'epochz'")
        .hasMessageContaining("allowed fields: [epochs, learningRate, optimizer, timeout]")
        .hasMessageContaining("line 3, column");
    // the misspelt field also leaves "epochs" unset: both are reported, the unknown field first
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("training.epochz", "training.epochs");
    assertThat(e.problems().get(0).line()).isEqualTo(3);
    assertThat(e.problems().get(1).message()).isEqualTo("missing required field");
    assertThat(e.file()).isEqualTo(dir.resolve("c.yml"));
  }

  @Test
  void unknownOptionalFieldAloneIsReportedOnce(@TempDir Path dir) throws Exception {
    ConfigException e =
        fail(write(dir, "c.yml", YAML.replace("  owner: nlp", "  owner: nlp\nnote: x")));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("note");
              assertThat(p.message())
                  .isEqualTo(
                      "unknown field 'note'; allowed fields: [layers, name, notes, split, tags, training]");
              assertThat(p.line()).isEqualTo(17);
            });
    ConfigException inList =
        fail(write(dir, "d.yml", YAML.replace("activation: softmax", "activaton: softmax")));
    assertThat(inList).hasMessageContaining("layers[1].activaton: unknown field 'activaton'");
  }

  @Test
  void unknownFieldInJson(@TempDir Path dir) throws Exception {
    ConfigException e = fail(write(dir, "c.json", "{\n  \"name\": \"x\",\n  \"nmae\": 1\n}"));
    assertThat(e).hasMessageContaining("nmae: unknown field").hasMessageContaining("line 3");
  }

  @Test
  void wrongTypeNamesPathExpectedTypeAndValue(@TempDir Path dir) throws Exception {
    assertThat(fail(write(dir, "a.yml", YAML.replace("epochs: 5", "epochs: five"))))
        .hasMessageContaining("training.epochs: wrong type: expected an integer, got \"five\"")
        .hasMessageContaining("line 3, column");
    assertThat(fail(write(dir, "b.yml", YAML.replace("epochs: 5", "epochs: 5.5"))))
        .hasMessageContaining("training.epochs: wrong type: expected an integer");
    assertThat(fail(write(dir, "c.yml", YAML.replace("epochs: 5", "epochs: \"5\""))))
        .hasMessageContaining("training.epochs: wrong type: expected an integer");
    assertThat(fail(write(dir, "d.yml", YAML.replace("optimizer: ADAM", "optimizer: RMSPROP"))))
        .hasMessageContaining("training.optimizer: wrong type: expected one of [SGD, ADAM]")
        .hasMessageContaining("RMSPROP")
        .hasMessageContaining("line 5");
    assertThat(fail(write(dir, "e.yml", YAML.replace("- size: 2", "- size: [2]"))))
        .hasMessageContaining("layers[1].size: wrong type: expected an integer, got a list");
    assertThat(fail(write(dir, "f.yml", YAML.replace("split:\n  train: 0.8", "split: 0.8\n"))))
        .hasMessageContaining("split: wrong type: expected an object (Split)");
  }

  @Test
  void missingRequiredFields(@TempDir Path dir) throws Exception {
    assertThat(fail(write(dir, "a.yml", YAML.replace("name: spam\n", ""))))
        .hasMessageContaining("name: missing required field")
        .hasMessageContaining("line ");
    assertThat(fail(write(dir, "b.yml", YAML.replace("  epochs: 5\n", ""))))
        .hasMessageContaining("training.epochs: missing required field (line 3");
    assertThat(fail(write(dir, "c.yml", YAML.replace("epochs: 5", "epochs:"))))
        .hasMessageContaining("training.epochs: missing value: expected an integer, got null");
  }

  @Test
  void validationFailuresNamePathProblemAndPosition(@TempDir Path dir) throws Exception {
    ConfigException e = fail(write(dir, "v.yml", YAML.replace("train: 0.8", "train: 1.5")));
    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "split: train + validation must be < 1, got 1.6 (line 8, column 3)",
            "split.train: must be in (0,1), got 1.5 (line 8, column 10)");
    assertThat(e).hasMessageContaining("split.train: must be in (0,1), got 1.5 (line 8");

    ConfigException nested = fail(write(dir, "w.yml", YAML.replace("size: 2", "size: 0")));
    assertThat(nested).hasMessageContaining("layers[1].size: must be > 0, got 0 (line 13");

    String many = YAML + "  - {size: 1, activation: a}\n  - {size: 1, activation: b}\n".indent(0);
    assertThat(fail(write(dir, "x.yml", many.replace("tags:\n  owner: nlp\n", "")))).isNotNull();
  }

  @Test
  void constructorExceptionsAreReportedWithPath(@TempDir Path dir) throws Exception {
    assertThat(fail(write(dir, "n.yml", YAML.replace("name: spam", "name: \"  \""))))
        .hasMessageContaining("invalid value: name must not be blank");
  }

  @Test
  void syntaxErrorsHaveLineAndColumn(@TempDir Path dir) throws Exception {
    assertThat(fail(write(dir, "s.json", "{\"name\": \"x\",\n \"notes\": }")))
        .hasMessageContaining("syntax error")
        .hasMessageContaining("line 2");
    assertThat(fail(write(dir, "s.yml", "name: \"x\nnotes: y\n")))
        .hasMessageContaining("syntax error")
        .hasMessageContaining("line ");
    assertThat(fail(write(dir, "d.json", "{\"name\": \"x\", \"name\": \"y\"}")))
        .hasMessageContaining("Duplicate field 'name'");
    assertThat(fail(write(dir, "d.yml", "name: x\nnotes: a\nname: y\n")))
        .hasMessageContaining("Duplicate field 'name'")
        .hasMessageContaining("line 3");
  }

  @Test
  void fileLevelErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.yml"), Experiment.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("file not found");
    assertThatThrownBy(() -> ConfigLoader.load(write(dir, "c.toml", "a=1"), Experiment.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("use .yml, .yaml or .json");
    assertThatThrownBy(() -> ConfigLoader.load(write(dir, "e.yml", ""), Experiment.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("file is empty");
    assertThatThrownBy(() -> ConfigLoader.load(write(dir, "e.json", ""), Experiment.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("file is empty");
  }
}
