package dev.mle4j.rag.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mle4j.core.MlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

  @Test
  void costIsTokensTimesPricePerMillion() {
    PriceTable t =
        new PriceTable(
            "test",
            Map.of(
                "m", new PriceTable.Price(2.5, 10.0), "m-mini", new PriceTable.Price(0.15, 0.6)));
    PriceTable.Cost c = t.costUsd("m", 1_000, 500);
    assertThat(c.usd()).isCloseTo(1_000 * 2.5 / 1e6 + 500 * 10.0 / 1e6, within(1e-12));
    assertThat(c.usd()).isCloseTo(0.0075, within(1e-12));
    assertThat(c.unpriced()).isFalse();
    // longest prefix wins: a dated snapshot of m-mini is priced as m-mini, not m
    assertThat(t.costUsd("m-mini-2024-07-18", 1_000_000, 1_000_000).usd())
        .isCloseTo(0.75, within(1e-12));
    PriceTable.Cost unknown = t.costUsd("llama3.1:8b", 100, 100);
    assertThat(unknown.usd()).isZero();
    assertThat(unknown.unpriced()).isTrue();
    assertThatThrownBy(() -> t.costUsd("m", -1, 0))
        .isInstanceOf(MlException.class)
        .hasMessageContaining("token counts must be 0 or more");
  }

  @Test
  void defaultTableIsLabelledAndPricesExtractiveAtZero() {
    PriceTable t = PriceTable.defaults();
    assertThat(t.note()).containsIgnoringCase("example prices, check your provider");
    PriceTable.Cost c = t.costUsd("extractive", 5_000, 100);
    assertThat(c.unpriced()).isFalse();
    assertThat(c.usd()).isZero();
    assertThat(t.price("gpt-4o-mini")).isPresent();
    assertThat(t.costUsd("gpt-4o-mini", 1_000_000, 0).usd()).isPositive();
  }

  @Test
  void loadsJsonAndYamlAndRejectsBadFiles(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("prices.yaml");
    Files.writeString(
        yaml,
        "note: mine\nmodels:\n  local-7b:\n    input: 0.0\n    output: 0.0\n  big:\n    input: 1\n    output: 3\n");
    PriceTable t = PriceTable.load(yaml);
    assertThat(t.note()).isEqualTo("mine");
    assertThat(t.costUsd("big", 1_000_000, 1_000_000).usd()).isCloseTo(4.0, within(1e-12));

    Path json = dir.resolve("p.json");
    Files.writeString(json, "{\"models\":{\"x\":{\"input\":1}}}");
    assertThatThrownBy(() -> PriceTable.load(json))
        .hasMessageContaining("model 'x' needs numeric \"input\" and \"output\"");
    Files.writeString(json, "{\"models\":{\"x\":{\"input\":-1,\"output\":1}}}");
    assertThatThrownBy(() -> PriceTable.load(json)).hasMessageContaining("non-negative");
    Files.writeString(json, "{\"prices\":{}}");
    assertThatThrownBy(() -> PriceTable.load(json))
        .hasMessageContaining("has no \"models\" object");
    Files.writeString(json, "{not json");
    assertThatThrownBy(() -> PriceTable.load(json)).hasMessageContaining("is not valid");
    assertThatThrownBy(() -> PriceTable.load(dir.resolve("missing.json")))
        .hasMessageContaining("does not exist");
  }
}
