package dev.mle4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Offline checks of the Cloud Run and AWS ECS recipes under {@code deploy/}: the server command is
 * the one the Kubernetes Deployment runs and parses with the launcher, health checks use the
 * server's real routes on the serving port, and the API key is only referenced from a secret store.
 * The schemas themselves are checked by {@code scripts/check-deploy.sh}.
 */
class CloudDeployRecipesTest {

  private static final Path DEPLOY = Path.of("..", "deploy");

  private static JsonNode yaml(String file) throws Exception {
    return new YAMLMapper().readTree(DEPLOY.resolve(file).toFile());
  }

  private static JsonNode json(String file) throws Exception {
    return new ObjectMapper().readTree(DEPLOY.resolve(file).toFile());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(a -> out.add(a.asText()));
    return out;
  }

  private static List<String> kubernetesArgs() throws Exception {
    JsonNode deployment =
        StreamSupport.stream(
                new YAMLMapper()
                    .readerFor(JsonNode.class)
                    .readValues(DEPLOY.resolve("k8s/mle4j-serve.yaml").toFile())
                    .readAll()
                    .spliterator(),
                false)
            .map(JsonNode.class::cast)
            .filter(d -> d.path("kind").asText().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    return strings(
        deployment
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("args"));
  }

  private static int parsedPort(List<String> args) {
    CommandLine.ParseResult serve =
        Mle4j.commandLine().parseArgs(args.toArray(String[]::new)).subcommand();
    assertThat(serve.commandSpec().name()).isEqualTo("serve");
    assertThat(serve.unmatched()).isEmpty();
    return serve.matchedOptionValue("--port", 0);
  }

  @Test
  void cloudRunServiceRunsTheKubernetesServerCommandWithProbesOnItsPort() throws Exception {
    JsonNode template = yaml("cloudrun/service.yaml").path("spec").path("template");
    JsonNode c = template.path("spec").path("containers").get(0);
    List<String> args = strings(c.path("args"));
    assertThat(args).isEqualTo(kubernetesArgs());
    int port = parsedPort(args);
    assertThat(c.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
    assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
    assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
    assertThat(c.path("livenessProbe").path("httpGet").path("port").asInt()).isEqualTo(port);
    JsonNode key =
        StreamSupport.stream(c.path("env").spliterator(), false)
            .filter(e -> e.path("name").asText().equals("MLE4J_API_KEY"))
            .findFirst()
            .orElseThrow();
    assertThat(key.has("value")).isFalse();
    assertThat(key.path("valueFrom").path("secretKeyRef").path("name").asText()).isNotEmpty();
    // batching needs CPU outside requests and many requests per instance
    assertThat(
            template
                .path("metadata")
                .path("annotations")
                .path("run.googleapis.com/cpu-throttling")
                .asText())
        .isEqualTo("false");
    assertThat(template.path("spec").path("containerConcurrency").asInt()).isGreaterThan(1);
  }

  @Test
  void ecsTaskServiceAndTargetGroupAgreeOnPortAndHealthRoute() throws Exception {
    JsonNode task = json("aws/task-definition.json");
    JsonNode c = task.path("containerDefinitions").get(0);
    List<String> command = strings(c.path("command"));
    assertThat(command).isEqualTo(kubernetesArgs());
    int port = parsedPort(command);
    assertThat(c.path("portMappings").get(0).path("containerPort").asInt()).isEqualTo(port);
    assertThat(c.path("user").asText()).isNotIn("", "0", "root");
    assertThat(c.path("secrets").get(0).path("name").asText()).isEqualTo("MLE4J_API_KEY");
    assertThat(c.path("secrets").get(0).path("valueFrom").asText())
        .startsWith("arn:aws:secretsmanager:");
    assertThat(c.toString()).doesNotContain("\"MLE4J_API_KEY\",\"value\"");

    JsonNode service = json("aws/service.json");
    assertThat(service.path("taskDefinition").asText()).isEqualTo(task.path("family").asText());
    JsonNode lb = service.path("loadBalancers").get(0);
    assertThat(lb.path("containerName").asText()).isEqualTo(c.path("name").asText());
    assertThat(lb.path("containerPort").asInt()).isEqualTo(port);

    JsonNode targetGroup = json("aws/target-group.json");
    assertThat(targetGroup.path("Port").asInt()).isEqualTo(port);
    assertThat(targetGroup.path("HealthCheckPath").asText()).isEqualTo("/ready");
    assertThat(targetGroup.path("TargetType").asText()).isEqualTo("ip");

    String resource =
        "service/" + service.path("cluster").asText() + "/" + service.path("serviceName").asText();
    assertThat(json("aws/scalable-target.json").path("ResourceId").asText()).isEqualTo(resource);
    assertThat(json("aws/scaling-policy.json").path("ResourceId").asText()).isEqualTo(resource);
  }

  @Test
  void spacesRecipeRunsTheRagImageAsUser1000OnTheSpacePort() throws Exception {
    String readme = Files.readString(DEPLOY.resolve("spaces/README.md"));
    assertThat(readme).startsWith("---\n");
    JsonNode front = new YAMLMapper().readTree(readme.split("---\n")[1]);
    assertThat(front.path("sdk").asText()).isEqualTo("docker");
    int appPort = front.path("app_port").asInt();

    List<String> lines = Files.readAllLines(DEPLOY.resolve("spaces/Dockerfile"));
    String image =
        lines.stream()
            .filter(l -> l.startsWith("ARG RAG_IMAGE="))
            .findFirst()
            .orElseThrow()
            .substring("ARG RAG_IMAGE=".length());
    assertThat(image).startsWith("ghcr.io/mle4j/mle4j-rag:");
    // the image is the rag target of the project's Dockerfile
    assertThat(Files.readString(DEPLOY.resolve("docker/Dockerfile")))
        .containsPattern("(?m)^FROM \\S+ AS rag$");
    List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).last().isEqualTo("USER 1000");
    String cmd = lines.stream().filter(l -> l.startsWith("CMD ")).reduce((a, b) -> b).orElseThrow();
    List<String> args = strings(new ObjectMapper().readTree(cmd.substring(4)));
    assertThat(parsedPort(args)).isEqualTo(appPort);
    assertThat(lines).anyMatch(l -> l.contains("127.0.0.1:" + appPort + "/health"));
  }
}
