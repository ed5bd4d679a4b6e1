package dev.mle4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Offline checks of the container files: {@code deploy/docker/Dockerfile} (stages, base images as
 * build arguments, the Maven cache, the jlink script, a non-root inference image with a health
 * check on the port the Kubernetes manifest uses, commands the launcher's own parser accepts, the
 * launcher's JVM flags in the entry point), {@code .dockerignore} and {@code
 * deploy/compose/docker-compose.yml} (services, files it mounts, the Prometheus scrape target).
 */
class DockerfilesTest {

  private static final Path ROOT = Path.of("..");
  private static final Path DOCKERFILE = ROOT.resolve("deploy/docker/Dockerfile");
  private static final Path COMPOSE_DIR = ROOT.resolve("deploy/compose");
  private static final Path K8S = ROOT.resolve("deploy/k8s/mle4j-serve.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One Dockerfile instruction: keyword (upper case) and its arguments, continuations joined. */
  record Instruction(String keyword, String args) {}

  /** One build stage: its base, its name and its instructions after FROM. */
  record Stage(String from, String name, List<Instruction> instructions) {
    List<String> args(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(i -> i.args())
          .toList();
    }

    Optional<String> last(String keyword) {
      List<String> all = args(keyword);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
  }

  /** A parsed Dockerfile: global ARG defaults and the stages in order. */
  record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {
    Stage stage(String name) {
      return stages.stream()
          .filter(s -> name.equals(s.name()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no stage " + name + " in " + DOCKERFILE));
    }

    /** The stage and the stages it is built FROM, nearest first. */
    List<Stage> chain(String name) {
      List<Stage> chain = new ArrayList<>();
      Stage s = stage(name);
      while (true) {
        chain.add(s);
        String base = s.from();
        Optional<Stage> parent = stages.stream().filter(p -> base.equals(p.name())).findFirst();
        if (parent.isEmpty()) {
          return chain;
        }
        s = parent.get();
      }
    }

    /** The last value of an instruction in a stage or the stages it inherits from. */
    Optional<String> effective(String stage, String keyword) {
      for (Stage s : chain(stage)) {
        Optional<String> v = s.last(keyword);
        if (v.isPresent()) {
          return v;
        }
      }
      return Optional.empty();
    }

    /** Replaces {@code ${NAME}} by the default of {@code ARG NAME=...} in the stage's chain. */
    String resolve(String stage, String value) {
      String out = value;
      for (Stage s : chain(stage)) {
        for (String arg : s.args("ARG")) {
          String[] kv = arg.split("=", 2);
          if (kv.length == 2) {
            out = out.replace("${" + kv[0] + "}", kv[1]);
          }
        }
      }
      return out;
    }

    List<String> all(String stage, String keyword) {
      List<String> out = new ArrayList<>();
      chain(stage).forEach(s -> out.addAll(s.args(keyword)));
      return out;
    }
  }

  static Dockerfile parse(String text) {
    List<Instruction> flat = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String joined = current.toString().strip().replaceAll("\\s+", " ");
      current.setLength(0);
      if (joined.isEmpty()) {
        continue;
      }
      String[] parts = joined.split("\\s+", 2);
      flat.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : ""));
    }
    Map<String, String> globals = new LinkedHashMap<>();
    List<Stage> stages = new ArrayList<>();
    for (Instruction i : flat) {
      if (i.keyword().equals("FROM")) {
        String[] p = i.args().split("\\s+");
        String name = p.length >= 3 && p[1].equalsIgnoreCase("AS") ? p[2] : null;
        stages.add(new Stage(p[0], name, new ArrayList<>()));
      } else if (stages.isEmpty()) {
        assertThat(i.keyword()).as("only ARG may come before the first FROM").isEqualTo("ARG");
        String[] kv = i.args().split("=", 2);
        globals.put(kv[0], kv.length > 1 ? kv[1] : "");
      } else {
        stages.get(stages.size() - 1).instructions().add(i);
      }
    }
    return new Dockerfile(globals, stages);
  }

  private static Dockerfile dockerfile() throws IOException {
    return parse(Files.readString(DOCKERFILE));
  }

  private static List<String> jsonArray(String exec) throws IOException {
    JsonNode node = JSON.readTree(exec);
    assertThat(node.isArray()).as("exec form (JSON array): %s", exec).isTrue();
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode k8sDeploymentContainer() throws IOException {
    try (MappingIterator<JsonNode> it =
        new YAMLMapper().readerFor(JsonNode.class).readValues(K8S.toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc.path("kind").asText().equals("Deployment")) {
          return doc.path("spec").path("template");
        }
      }
    }
    throw new AssertionError("no Deployment in " + K8S);
  }

  private static String k8sConfig(String key) throws IOException {
    try (MappingIterator<JsonNode> it =
        new YAMLMapper().readerFor(JsonNode.class).readValues(K8S.toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc.path("kind").asText().equals("ConfigMap")) {
          return doc.path("data").path(key).asText();
        }
      }
    }
    throw new AssertionError("no ConfigMap in " + K8S);
  }

  private static CommandLine.ParseResult parseWithLauncher(List<String> args) {
    CommandLine.ParseResult parsed = Mle4j.commandLine().parseArgs(args.toArray(String[]::new));
    assertThat(parsed.unmatched()).as("unmatched arguments in %s", args).isEmpty();
    return parsed;
  }

  @Test
  void stagesExistAndBaseImagesAreBuildArguments() throws Exception {
    Dockerfile d = dockerfile();
    List<String> names = d.stages().stream().map(Stage::name).toList();
    assertThat(names).contains("build", "train", "runtime-base", "serve", "rag", "rag-index");
    assertThat(d.globalArgs())
        .containsEntry("JDK_IMAGE", "eclipse-temurin:25-jdk")
        .containsEntry("RUNTIME_IMAGE", "debian:bookworm-slim");
    for (Stage s : d.stages()) {
      String from = s.from();
      boolean isStage = names.subList(0, d.stages().indexOf(s)).contains(from);
      boolean isArg = from.matches("\\$\\{[A-Z_]+}");
      assertThat(isStage || isArg)
          .as("FROM %s: a build argument (so a local base can be used) or an earlier stage", from)
          .isTrue();
      if (isArg) {
        assertThat(d.globalArgs()).containsKey(from.substring(2, from.length() - 1));
      }
    }
    assertThat(d.stage("train").from()).isEqualTo("${JDK_IMAGE}");
    assertThat(d.chain("serve").get(d.chain("serve").size() - 1).from())
        .isEqualTo("${RUNTIME_IMAGE}");
  }

  @Test
  void buildStageUsesTheMavenCacheAndTheRuntimeScript() throws Exception {
    Stage build = dockerfile().stage("build");
    List<String> runs = build.args("RUN");
    assertThat(runs)
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("--mount=type=cache,target=/root/.m2")
                    .contains("./mvnw -B")
                    .contains("-DskipTests")
                    .contains("install -pl examples -am"));
    assertThat(runs).anySatisfy(r -> assertThat(r).startsWith("scripts/build-runtime.sh "));
    Path script = ROOT.resolve("scripts/build-runtime.sh");
    assertThat(script).isRegularFile();
    assertThat(Files.isExecutable(script)).isTrue();
    assertThat(Files.readString(script))
        .contains("--ignore-missing-deps --print-module-deps --multi-release 21")
        .contains("--strip-debug")
        .contains("jdk.incubator.vector");
    assertThat(Files.isExecutable(ROOT.resolve("scripts/check-runtime.sh"))).isTrue();
  }

  @Test
  void inferenceImageIsNonRootHealthCheckedAndMatchesTheManifest() throws Exception {
    Dockerfile d = dockerfile();
    JsonNode pod = k8sDeploymentContainer();
    JsonNode container = pod.path("spec").path("containers").get(0);
    int k8sUser = pod.path("spec").path("securityContext").path("runAsUser").asInt();
    int k8sPort = container.path("ports").get(0).path("containerPort").asInt();
    for (String stage : List.of("serve", "rag")) {
      String uid = d.resolve(stage, d.effective(stage, "USER").orElseThrow());
      // numeric, so Kubernetes can check runAsNonRoot without looking into /etc/passwd
      assertThat(uid).as("USER of %s", stage).matches("[0-9]+").isNotEqualTo("0");
      assertThat(Integer.parseInt(uid)).isEqualTo(k8sUser);
      String health = d.effective(stage, "HEALTHCHECK").orElseThrow();
      assertThat(health).contains(" CMD [");
      List<String> probe = jsonArray(health.substring(health.indexOf(" CMD [") + 5));
      assertThat(probe)
          .containsExactly("/opt/mle4j/bin/healthcheck", "http://127.0.0.1:" + k8sPort + "/health");
      assertThat(d.all(stage, "EXPOSE")).contains(String.valueOf(k8sPort));
      assertThat(d.all(stage, "COPY"))
          .contains("--from=build /opt/mle4j/runtime /opt/mle4j/runtime");
      assertThat(d.all(stage, "ENV"))
          .anySatisfy(e -> assertThat(e).contains("JAVA_HOME=/opt/mle4j/runtime"))
          .anySatisfy(e -> assertThat(e).contains("MLE4J_REGISTRY=" + k8sConfig("MLE4J_REGISTRY")));
    }
    // the health check script is copied in and is executable
    assertThat(d.all("serve", "COPY"))
        .contains("deploy/docker/healthcheck.sh /opt/mle4j/bin/healthcheck");
    assertThat(Files.isExecutable(ROOT.resolve("deploy/docker/healthcheck.sh"))).isTrue();
    // the training image runs as the same non-root user
    assertThat(d.effective("train", "USER")).contains("${APP_UID}");
  }

  @Test
  void entrypointAndCommandsParseWithTheLauncher() throws Exception {
    Dockerfile d = dockerfile();
    for (String stage : List.of("serve", "rag", "train")) {
      assertThat(jsonArray(d.effective(stage, "ENTRYPOINT").orElseThrow()))
          .containsExactly("/opt/mle4j/bin/mle4j");
      List<String> cmd = jsonArray(d.effective(stage, "CMD").orElseThrow());
      CommandLine.ParseResult parsed = parseWithLauncher(cmd);
      if (!stage.equals("train")) {
        CommandLine.ParseResult serve = parsed.subcommand();
        assertThat(serve.commandSpec().name()).isEqualTo("serve");
        assertThat(serve.matchedOptionValue("--host", "")).isEqualTo("0.0.0.0");
        assertThat(serve.matchedOptionValue("--port", 0))
            .isEqualTo(Integer.parseInt(d.all(stage, "EXPOSE").get(0)));
      }
    }
    // the Kubernetes args follow the same ENTRYPOINT: they start with the command
    List<String> k8sArgs = new ArrayList<>();
    k8sDeploymentContainer()
        .path("spec")
        .path("containers")
        .get(0)
        .path("args")
        .forEach(a -> k8sArgs.add(a.asText()));
    assertThat(parseWithLauncher(k8sArgs).subcommand().commandSpec().name()).isEqualTo("serve");
  }

  @Test
  void entrypointScriptUsesTheLaunchersJvmFlags() throws Exception {
    String launcher = Files.readString(ROOT.resolve("mle4j"));
    Matcher exec = Pattern.compile("(?s)exec \"\\$JAVA_HOME/bin/java\"(.*?)-jar").matcher(launcher);
    assertThat(exec.find()).as("exec line of ./mle4j").isTrue();
    List<String> flags = new ArrayList<>();
    Matcher flag =
        Pattern.compile("(-D[a-z.]+=\\S+|--add-modules \\S+|--enable-native-access=\\S+)")
            .matcher(exec.group(1));
    while (flag.find()) {
      if (!flag.group(1).startsWith("-Dmle4j.root")) {
        flags.add(flag.group(1));
      }
    }
    assertThat(flags).hasSizeGreaterThanOrEqualTo(3);
    Path entry = ROOT.resolve("deploy/docker/mle4j-entrypoint.sh");
    assertThat(Files.isExecutable(entry)).isTrue();
    String script = Files.readString(entry);
    assertThat(script).contains(flags).contains("MLE4J_JAVA_OPTS").contains("\"$@\"");
    assertThat(Files.readString(ROOT.resolve("scripts/check-runtime.sh"))).contains(flags);
  }

  @Test
  void copiedFilesExistAndTheContextKeepsThem() throws Exception {
    Dockerfile d = dockerfile();
    List<String> ignore =
        Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(ignore).contains("**/target", "**/target-*", ".git", "outputs");
    for (Stage s : d.stages()) {
      for (String copy : s.args("COPY")) {
        if (copy.startsWith("--from=")) {
          continue;
        }
        String[] parts = d.resolve(s.name(), copy.replaceAll("--chown=\\S+\\s+", "")).split("\\s+");
        for (int i = 0; i < parts.length - 1; i++) {
          String src = parts[i];
          if (src.equals(".")) {
            continue;
          }
          assertThat(src).as("COPY source with an unset argument").doesNotContain("${");
          assertThat(ROOT.resolve(src)).as("COPY source %s", src).exists();
          assertThat(ignore).as(".dockerignore must not drop %s", src).doesNotContain(src);
        }
      }
    }
    // the default MODEL_DIR is a registry folder without models (the server ignores files there)
    assertThat(d.resolve("serve", "${MODEL_DIR}")).isEqualTo("deploy/docker/models");
    // what the build stage's Maven run needs is not ignored
    for (String needed : List.of("pom.xml", "mvnw", ".mvn", "scripts", "deploy", "examples")) {
      assertThat(ignore).doesNotContain(needed, "/" + needed, "**/" + needed);
    }
  }

  @Test
  void composeServicesReferenceExistingFilesAndScrapeTheServer() throws Exception {
    JsonNode compose =
        new YAMLMapper().readTree(COMPOSE_DIR.resolve("docker-compose.yml").toFile());
    JsonNode services = compose.path("services");
    assertThat(services.has("serve")).isTrue();
    assertThat(services.has("redis")).isTrue();
    assertThat(services.has("prometheus")).isTrue();
    assertThat(services.has("grafana")).isTrue();
    List<String> stages = dockerfile().stages().stream().map(Stage::name).toList();
    List<String> namedVolumes = new ArrayList<>();
    compose.path("volumes").fieldNames().forEachRemaining(namedVolumes::add);
    for (var it = services.fields(); it.hasNext(); ) {
      var service = it.next();
      JsonNode build = service.getValue().path("build");
      if (!build.isMissingNode()) {
        Path context = COMPOSE_DIR.resolve(build.path("context").asText()).normalize();
        assertThat(context.resolve(build.path("dockerfile").asText())).isRegularFile();
        assertThat(stages).contains(build.path("target").asText());
      }
      for (JsonNode v : service.getValue().path("volumes")) {
        String source = v.asText().replaceAll("\\$\\{[A-Z0-9_]+:-([^}]+)}", "$1").split(":")[0];
        if (source.startsWith(".") || source.startsWith("/")) {
          assertThat(COMPOSE_DIR.resolve(source).normalize())
              .as("%s mounts %s", service.getKey(), source)
              .exists();
        } else {
          assertThat(namedVolumes).as("%s volume %s", service.getKey(), source).contains(source);
        }
      }
    }
    // the server's command parses, and Prometheus scrapes the port it binds
    JsonNode serve = services.path("serve");
    List<String> command = new ArrayList<>();
    serve.path("command").forEach(c -> command.add(c.asText()));
    CommandLine.ParseResult parsed = parseWithLauncher(command).subcommand();
    assertThat(parsed.commandSpec().name()).isEqualTo("serve");
    int port = parsed.matchedOptionValue("--port", 0);
    JsonNode prometheus = new YAMLMapper().readTree(COMPOSE_DIR.resolve("prometheus.yml").toFile());
    List<String> targets = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (JsonNode job : prometheus.path("scrape_configs")) {
      paths.add(job.path("metrics_path").asText("/metrics"));
      job.path("static_configs")
          .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
    }
    assertThat(targets).contains("serve:" + port);
    assertThat(paths).containsOnly("/metrics");
    // Grafana gets the dashboard of docs/grafana and a Prometheus data source
    List<String> grafanaVolumes = new ArrayList<>();
    services.path("grafana").path("volumes").forEach(v -> grafanaVolumes.add(v.asText()));
    assertThat(grafanaVolumes)
        .anySatisfy(v -> assertThat(v).startsWith("../../docs/grafana:").endsWith(":ro"));
    assertThat(ROOT.resolve("docs/grafana/mle4j-tabular.json")).isRegularFile();
    JsonNode datasource =
        new YAMLMapper()
            .readTree(
                COMPOSE_DIR.resolve("grafana/provisioning/datasources/prometheus.yml").toFile());
    assertThat(datasource.path("datasources").get(0).path("type").asText()).isEqualTo("prometheus");
    assertThat(datasource.path("datasources").get(0).path("url").asText())
        .isEqualTo("http://prometheus:9090");
  }

  @Test
  void parserSeesContinuationsAndRejectsAMissingUser() {
    Dockerfile d =
        parse(
            """
            ARG BASE=debian:bookworm-slim
            FROM ${BASE} AS serve
            # a comment
            RUN apt-get update \\
             && apt-get install -y curl
            EXPOSE 8080
            """);
    assertThat(d.stage("serve").args("RUN"))
        .containsExactly("apt-get update && apt-get install -y curl");
    assertThat(d.effective("serve", "USER")).isEmpty();
    assertThat(d.effective("serve", "EXPOSE")).contains("8080");
  }
}
