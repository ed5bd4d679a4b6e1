package dev.mle4j.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadValidationTest {
  private static final URI LOCAL = URI.create("http://127.0.0.1:8080/predict");

  private static LoadTarget target(String name) {
    return LoadTarget.get(name, LOCAL);
  }

  private static LoadRunner.Builder valid() {
    return LoadRunner.builder()
        .target(target("a"))
        .concurrencyLevels(1, 10)
        .duration(Duration.ofSeconds(1));
  }

  @Test
  void validOptionsBuild() {
    LoadRunner runner = valid().build();
    assertThat(runner.targets()).extracting(LoadTarget::name).containsExactly("a");
    assertThat(runner.concurrencyLevels()).containsExactly(1, 10);
    assertThat(
            LoadRunner.builder()
                .target(LoadTarget.get("l", URI.create("http://localhost:1/")))
                .concurrencyLevels(1)
                .build()
                .targets())
        .hasSize(1);
  }

  @Test
  void badUrlsAreRejected() {
    assertThatThrownBy(() -> LoadTarget.get("t", URI.create("ftp://127.0.0.1/x")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'t'")
        .hasMessageContaining("ftp://127.0.0.1/x")
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> LoadTarget.get("t", URI.create("/relative/path")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("absolute http or https URL");
    assertThatThrownBy(() -> LoadTarget.get("t", URI.create("http:///nohost")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("has no host");
    assertThatThrownBy(() -> LoadTarget.get("t", null))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("url must not be null");
  }

  @Test
  void targetFieldsAreValidated() {
    List<byte[]> one = List.of(new byte[0]);
    assertThatThrownBy(() -> new LoadTarget(" ", LOCAL, "GET", null, one, Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("name must not be blank");
    assertThatThrownBy(() -> new LoadTarget("t", LOCAL, "POST", "text/plain", List.of(), Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("bodies must hold at least one");
    assertThatThrownBy(() -> new LoadTarget("t", LOCAL, "POST", "text/plain", null, Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("bodies");
    List<byte[]> withNull = new ArrayList<>();
    withNull.add(new byte[1]);
    withNull.add(null);
    assertThatThrownBy(() -> new LoadTarget("t", LOCAL, "POST", "text/plain", withNull, Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("bodies[1] is null");
    assertThatThrownBy(() -> new LoadTarget("t", LOCAL, "BAD METHOD", null, one, Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("invalid request");
    assertThatThrownBy(() -> new LoadTarget("t", LOCAL, "GET", null, one, Map.of("Host", "x")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("invalid request")
        .hasMessageContaining("Host");
    assertThatThrownBy(() -> new LoadTarget("t", LOCAL, "GET", " ", one, Map.of()))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("contentType");
  }

  @Test
  void bodiesAreCopied() {
    byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
    List<byte[]> bodies = new ArrayList<>(List.of(body));
    LoadTarget t = new LoadTarget("t", LOCAL, "POST", "text/plain", bodies, null);
    body[0] = 'x';
    bodies.clear();
    assertThat(t.bodies()).hasSize(1);
    assertThat(new String(t.bodies().get(0), StandardCharsets.UTF_8)).isEqualTo("abc");
    t.bodies().get(0)[0] = 'y';
    assertThat(new String(t.bodies().get(0), StandardCharsets.UTF_8)).isEqualTo("abc");
    assertThat(t.headers()).isEmpty();
  }

  @Test
  void runnerOptionsAreValidated() {
    assertThatThrownBy(() -> LoadRunner.builder().concurrencyLevels(1).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("at least one target");
    assertThatThrownBy(() -> valid().concurrencyLevels().build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("concurrencyLevels must not be empty");
    assertThatThrownBy(() -> valid().concurrencyLevels(List.of()).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("concurrencyLevels must not be empty");
    assertThatThrownBy(() -> valid().concurrencyLevels(1, 0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("concurrency level 0");
    assertThatThrownBy(() -> valid().concurrencyLevels(-3).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("concurrency level -3");
    assertThatThrownBy(() -> valid().duration(Duration.ZERO).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("duration must be positive");
    assertThatThrownBy(() -> valid().duration(Duration.ofMillis(-5)).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("duration must be positive");
    assertThatThrownBy(() -> valid().duration(null).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> valid().requestTimeout(Duration.ZERO).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("requestTimeout must be positive");
    assertThatThrownBy(() -> valid().warmUp(Duration.ofSeconds(-1)).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("warmUp");
    assertThatThrownBy(() -> valid().thinkTime(Duration.ofSeconds(-1)).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("thinkTime");
    assertThatThrownBy(() -> valid().maxRequestsPerLevel(0).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("maxRequestsPerLevel");
    assertThatThrownBy(() -> valid().target(target("a")).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("duplicate target name 'a'");
  }

  @Test
  void nonLoopbackHostsNeedExplicitOptIn() {
    LoadTarget remote = LoadTarget.get("remote", URI.create("http://192.0.2.10:8080/"));
    assertThatThrownBy(() -> valid().target(remote).build())
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'remote'")
        .hasMessageContaining("not a loopback address");
    // building only validates; nothing is sent
    assertThat(valid().target(remote).allowNonLoopback(true).build().targets()).hasSize(2);
  }
}
