package dev.mle4j.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A 2-node MiniSolrCloudCluster (in-JVM ZooKeeper + 2 Jetty Solr nodes on free ports), started once
 * for the whole test run and shut down after the last test (JUnit root store). Inject it as a test
 * or lifecycle method parameter with {@code @ExtendWith(SolrCluster.Extension.class)}.
 */
final class SolrCluster implements ExtensionContext.Store.CloseableResource {
  private final MiniSolrCloudCluster cluster;
  private final Path dir;
  private final Map<String, Integer> collections = new ConcurrentHashMap<>();

  private SolrCluster() throws Exception {
    Path base =
        Files.createDirectories(
            Path.of(System.getProperty("mle4j.solr.work", "target/solr-work")).toAbsolutePath());
    dir = Files.createTempDirectory(base, "cluster-");
    // the test framework's ZooKeeper server wants these 4-letter-word commands
    System.setProperty("zookeeper.4lw.commands.whitelist", "*");
    System.setProperty("solr.log.dir", dir.resolve("logs").toString());
    cluster = new MiniSolrCloudCluster.Builder(2, dir).build();
  }

  CloudSolrClient client() {
    return cluster.getSolrClient();
  }

  MiniSolrCloudCluster cluster() {
    return cluster;
  }

  /**
   * Creates a collection once per name (2 shards x 1 replica by default).
   *
   * @param spec the collection
   * @return true if it was created now, false if it already existed
   */
  synchronized boolean createOnce(CollectionSpec spec) {
    if (collections.containsKey(spec.name())) {
      return false;
    }
    new SolrCollections(client()).create(spec);
    collections.put(spec.name(), spec.vectorDimension());
    return true;
  }

  @Override
  public void close() throws Exception {
    cluster.shutdown();
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Resolves {@link SolrCluster} parameters with the shared cluster. */
  static final class Extension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
      return p.getParameter().getType() == SolrCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
      return c.getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(
              SolrCluster.class,
              k -> {
                try {
                  return new SolrCluster();
                } catch (Exception e) {
                  throw new IllegalStateException("cannot start MiniSolrCloudCluster", e);
                }
              },
              SolrCluster.class);
    }
  }
}
