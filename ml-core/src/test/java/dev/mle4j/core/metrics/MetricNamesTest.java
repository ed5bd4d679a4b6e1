package dev.mle4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mle4j.core.MlException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricNamesTest {

  @Test
  void snakeCase() {
    assertThat(MetricNames.snakeCase("Not Spam", 0)).isEqualTo("not_spam");
    assertThat(MetricNames.snakeCase("notSpam", 0)).isEqualTo("not_spam");
    assertThat(MetricNames.snakeCase("  T-shirt/top ", 0)).isEqualTo("t_shirt_top");
    assertThat(MetricNames.snakeCase("v2Model", 0)).isEqualTo("v2_model");
    assertThat(MetricNames.snakeCase("HTTP", 0)).isEqualTo("http");
    assertThat(MetricNames.snakeCase("Élan", 0)).isEqualTo("élan");
    assertThat(MetricNames.snakeCase("already_snake", 0)).isEqualTo("already_snake");
    assertThat(MetricNames.snakeCase("+", 3)).isEqualTo("class_3");
  }

  @Test
  void collisionsAreRefused() {
    assertThat(MetricNames.snakeCaseAll(List.of("+", "-"))).containsExactly("class_0", "class_1");
    assertThatThrownBy(() -> MetricNames.snakeCaseAll(List.of("Cat", "cat")))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("'Cat' and 'cat' both become 'cat'");
  }
}
