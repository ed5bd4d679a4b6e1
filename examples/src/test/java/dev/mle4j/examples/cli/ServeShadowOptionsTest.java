package dev.mle4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mle4j serve --shadow NAME=VERSION}: the settings it needs are checked before serving. */
class ServeShadowOptionsTest {
  @TempDir Path tmp;

  @Test
  void shadowNeedsAPredictionLogAndAnExistingVersion() {
    ServeOptions noLog =
        CommandLine.populateCommand(
            new ServeOptions(),
            "--port",
            "0",
            "--shadow",
            "spam=abc",
            "--registry",
            tmp.toString());
    assertThatThrownBy(() -> noLog.build(List.of(), false, null))
        .hasMessageContaining("--shadow needs --prediction-log");
    ServeOptions unknown =
        CommandLine.populateCommand(
            new ServeOptions(),
            "--port",
            "0",
            "--shadow",
            "spam=0123456789ab",
            "--registry",
            tmp.toString(),
            "--prediction-log",
            tmp.resolve("p.jsonl").toString());
    assertThatThrownBy(() -> unknown.build(List.of(), false, null))
        .hasMessageContaining("--shadow spam=0123456789ab: no such version in registry");
  }
}
