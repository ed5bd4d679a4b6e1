package dev.mle4j.solr;

import dev.mle4j.core.MlException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;

/** Opens SolrCloud clients by ZooKeeper address or by Solr node URLs. */
public final class SolrClients {
  private SolrClients() {}

  /**
   * A cloud client from ZooKeeper hosts, e.g. {@code zk1:2181,zk2:2181/solr}.
   *
   * @param zk comma-separated {@code host:port} list with an optional {@code /chroot}
   * @return the client (close it)
   */
  public static CloudSolrClient zookeeper(String zk) {
    if (zk == null || zk.isBlank()) {
      throw new MlException("ZooKeeper address must not be blank (host:port[,host:port][/chroot])");
    }
    int slash = zk.indexOf('/');
    String hosts = slash < 0 ? zk : zk.substring(0, slash);
    Optional<String> chroot = slash < 0 ? Optional.empty() : Optional.of(zk.substring(slash));
    List<String> list = Arrays.stream(hosts.split(",")).map(String::trim).toList();
    return new CloudSolrClient.Builder(list, chroot).build();
  }

  /**
   * A cloud client that learns the cluster state over HTTP from Solr nodes, e.g. {@code
   * http://solr1:8983/solr}.
   *
   * @param urls comma-separated Solr base URLs
   * @return the client (close it)
   */
  public static CloudSolrClient urls(String urls) {
    if (urls == null || urls.isBlank()) {
      throw new MlException("Solr URL must not be blank (http://host:8983/solr)");
    }
    List<String> list = Arrays.stream(urls.split(",")).map(String::trim).toList();
    return new CloudHttp2SolrClient.Builder(list).build();
  }
}
