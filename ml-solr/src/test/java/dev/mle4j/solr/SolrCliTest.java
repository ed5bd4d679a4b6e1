package dev.mle4j.solr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mle4j.core.Chunk;
import dev.mle4j.rag.index.IndexTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The separate command line of the Solr backend. */
@ExtendWith(SolrCluster.Extension.class)
class SolrCliTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return SolrCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void createsAndIndexesThroughTheCommandLine(SolrCluster solr) {
    String url = solr.cluster().getJettySolrRunner(0).getBaseUrl().toString();
    assertThat(run("create", "--solr", url, "--collection", "cli", "--dim", "64", "--shards", "2"))
        .as(err.toString())
        .isZero();
    List<Chunk> chunks = IndexTestSupport.chunks(3);
    Path file = dir.resolve("c.jsonl");
    ChunkVectorFiles.writeJsonl(
        file, chunks, IndexTestSupport.vectors(new IndexTestSupport.HashEmbedder(64), chunks));
    assertThat(run("index", "--solr", url, "--collection", "cli", "--file", file.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("created cli: 2 shards x 1 replicas", "indexed 3 chunks into cli");
    assertThat(run("configset", "--dim", "8", "--out", dir.resolve("cs").toString())).isZero();
    assertThat(dir.resolve("cs/managed-schema.xml")).content().contains("vectorDimension=\"8\"");
  }

  @Test
  void badInputExitsWithTwoAndOneLine() {
    assertThat(run("index", "--collection", "x", "--file", "f.jsonl")).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("error: give exactly one of --zk HOST:PORT or --solr URL");
    assertThat(run("configset", "--dim", "0", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("vector dimension must be in 1..4096");
  }
}
