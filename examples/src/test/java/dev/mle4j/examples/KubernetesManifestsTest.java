package dev.mle4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Offline checks of {@code deploy/k8s/mle4j-serve.yaml}: the objects a deployment needs, probes on
 * the server's real health routes, matching names and labels, no inline secret, and container
 * arguments the launcher's own parser accepts.
 */
class KubernetesManifestsTest {

  private static final Path FILE = Path.of("..", "deploy", "k8s", "mle4j-serve.yaml");

  private static Map<String, JsonNode> objects() throws Exception {
    Map<String, JsonNode> byKind = new LinkedHashMap<>();
    try (MappingIterator<JsonNode> it =
        new YAMLMapper().readerFor(JsonNode.class).readValues(FILE.toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        assertThat(doc.path("apiVersion").asText()).isNotEmpty();
        assertThat(doc.path("metadata").path("name").asText()).isNotEmpty();
        byKind.put(doc.path("kind").asText(), doc);
      }
    }
    return byKind;
  }

  @Test
  void deploymentServiceAndAutoscalerFitTogether() throws Exception {
    Map<String, JsonNode> o = objects();
    assertThat(o)
        .containsKeys(
            "ConfigMap",
            "Deployment",
            "Service",
            "HorizontalPodAutoscaler",
            "PersistentVolumeClaim")
        .doesNotContainKey("Secret");
    JsonNode deployment = o.get("Deployment");
    JsonNode pod = deployment.path("spec").path("template");
    JsonNode podLabels = pod.path("metadata").path("labels");
    assertThat(deployment.path("spec").path("selector").path("matchLabels")).isEqualTo(podLabels);
    assertThat(o.get("Service").path("spec").path("selector")).isEqualTo(podLabels);
    JsonNode hpa = o.get("HorizontalPodAutoscaler").path("spec");
    assertThat(hpa.path("scaleTargetRef").path("name").asText())
        .isEqualTo(deployment.path("metadata").path("name").asText());
    assertThat(hpa.path("minReplicas").asInt())
        .isPositive()
        .isLessThan(hpa.path("maxReplicas").asInt());

    JsonNode c = pod.path("spec").path("containers").get(0);
    assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
    assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
    String port = c.path("readinessProbe").path("httpGet").path("port").asText();
    assertThat(c.path("ports").get(0).path("name").asText()).isEqualTo(port);
    assertThat(c.path("resources").path("requests").path("cpu").asText()).isNotEmpty();
    assertThat(c.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    assertThat(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    // the API key only by reference to a Secret created outside the repository
    JsonNode env = c.path("env").get(0);
    assertThat(env.path("name").asText()).isEqualTo("MLE4J_API_KEY");
    assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText()).isNotEmpty();
    assertThat(env.has("value")).isFalse();
    // the config map sets what the launcher reads
    assertThat(o.get("ConfigMap").path("data").path("MLE4J_JAVA_OPTS").asText())
        .contains("-Dmle4j.onnx.threads=");
  }

  @Test
  void containerArgumentsAreAcceptedByTheLauncher() throws Exception {
    JsonNode c =
        objects()
            .get("Deployment")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0);
    List<String> args = new ArrayList<>();
    c.path("args").forEach(a -> args.add(a.asText()));
    assertThat(args).startsWith("serve");
    CommandLine cl = Mle4j.commandLine();
    CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(String[]::new));
    CommandLine.ParseResult serve = parsed.subcommand();
    assertThat(serve.commandSpec().name()).isEqualTo("serve");
    assertThat(serve.matchedOptionValue("--port", 0)).isEqualTo(8080);
    assertThat(serve.matchedOptionValue("--max-queue-wait-ms", 0L)).isNotNull();
    assertThat(serve.unmatched()).isEmpty();
  }
}
