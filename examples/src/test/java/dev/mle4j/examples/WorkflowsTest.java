package dev.mle4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflows parse, every step runs something, every script they call exists and is
 * executable, and CI, release and {@code .ci/run} all run the README's test command.
 */
class WorkflowsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern SCRIPT = Pattern.compile("\\./(scripts/[\\w.-]+|mvnw|mle4j)");

  private static JsonNode workflow(String name) throws Exception {
    return new YAMLMapper().readTree(ROOT.resolve(".github/workflows").resolve(name).toFile());
  }

  private static List<String> runs(JsonNode wf) {
    List<String> out = new ArrayList<>();
    wf.path("jobs")
        .forEach(
            job ->
                job.path("steps")
                    .forEach(
                        step -> {
                          assertThat(step.has("run") || step.has("uses"))
                              .as("step %s runs or uses something", step.path("name").asText())
                              .isTrue();
                          if (step.has("run")) {
                            out.add(step.path("run").asText());
                          }
                        }));
    return out;
  }

  @Test
  void ciAndReleaseCallExistingScriptsAndTheTestCommand() throws Exception {
    for (String name : List.of("ci.yml", "release.yml")) {
      JsonNode wf = workflow(name);
      assertThat(wf.path("jobs").size()).as(name).isPositive();
      List<String> runs = runs(wf);
      assertThat(runs).as(name).anyMatch(r -> r.contains("./scripts/test.sh"));
      for (String run : runs) {
        Matcher m = SCRIPT.matcher(run);
        while (m.find()) {
          Path script = ROOT.resolve(m.group(1));
          assertThat(script).as("%s calls %s", name, m.group()).isRegularFile();
          assertThat(Files.isExecutable(script)).as("%s is executable", script).isTrue();
        }
      }
    }
    assertThat(workflow("release.yml").path("on").path("push").path("tags").get(0).asText())
        .isEqualTo("v*");
    assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("./scripts/test.sh");
  }

  @Test
  void noSecretIsWrittenIntoTheWorkflows() throws Exception {
    for (String name : List.of("ci.yml", "release.yml")) {
      String text = Files.readString(ROOT.resolve(".github/workflows").resolve(name));
      // secrets only by reference to the repository's secret store
      assertThat(text).doesNotContainPattern("(?i)(password|token|passphrase)\\s*:\\s*['\"][^$]");
    }
  }
}
