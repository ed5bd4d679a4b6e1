package dev.mle4j.solr;

import dev.mle4j.core.MlException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.schema.SchemaResponse;
import org.apache.solr.common.cloud.ClusterState;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.util.ContentStreamBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collections API helper for mle4j chunk collections: uploads the configset ({@link SolrConfigSet})
 * and creates a collection of N shards x R replicas, waiting until every replica is active. Does
 * not own (close) the client.
 *
 * <pre>{@code
 * SolrCollections admin = new SolrCollections(client);
 * admin.create(CollectionSpec.of("pgdoc", 2, 2, 384));
 * }</pre>
 */
public final class SolrCollections {
  private static final Logger LOG = LoggerFactory.getLogger(SolrCollections.class);
  private static final long ACTIVE_TIMEOUT_SECONDS = 120;

  private final CloudSolrClient client;

  /**
   * Wraps a cloud client.
   *
   * @param client a SolrCloud client (not closed here)
   */
  public SolrCollections(CloudSolrClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Names of the configsets in the cluster.
   *
   * @return configset names
   */
  public List<String> configSets() {
    try {
      return new ConfigSetAdminRequest.List().process(client).getConfigSets();
    } catch (SolrServerException | IOException e) {
      throw fail("cannot list configsets", e);
    }
  }

  /**
   * Uploads the mle4j configset for a dimension under a name (overwriting one of that name).
   *
   * @param name the configset name
   * @param dimension the vector dimension
   */
  public void uploadConfigSet(String name, int dimension) {
    byte[] zip = SolrConfigSet.zip(dimension);
    ConfigSetAdminRequest.Upload upload = new ConfigSetAdminRequest.Upload();
    upload.setConfigSetName(name);
    upload.setOverwrite(true);
    upload.setUploadStream(
        new ContentStreamBase.ByteArrayStream(zip, "configset.zip", "application/octet-stream"));
    try {
      upload.process(client);
    } catch (SolrServerException | IOException | RuntimeException e) {
      throw fail("cannot upload configset '" + name + "'", e);
    }
    LOG.info("Uploaded configset {} (vector dimension {})", name, dimension);
  }

  /**
   * Whether a collection exists.
   *
   * @param name the collection
   * @return true if it exists
   */
  public boolean exists(String name) {
    try {
      return CollectionAdminRequest.listCollections(client).contains(name);
    } catch (SolrServerException | IOException e) {
      throw fail("cannot list collections", e);
    }
  }

  /**
   * Creates a collection (uploading its configset first when the cluster lacks it) and waits until
   * all {@code shards x replicas} replicas are active.
   *
   * @param spec what to create
   * @throws MlException if the collection exists or creation fails
   */
  public void create(CollectionSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (exists(spec.name())) {
      throw new MlException("collection '" + spec.name() + "' already exists");
    }
    if (!configSets().contains(spec.configSet())) {
      uploadConfigSet(spec.configSet(), spec.vectorDimension());
    }
    try {
      CollectionAdminRequest.createCollection(
              spec.name(), spec.configSet(), spec.shards(), spec.replicas())
          .process(client);
      waitForActive(spec);
    } catch (SolrServerException | IOException | RuntimeException e) {
      throw fail("cannot create collection '" + spec.name() + "'", e);
    }
    LOG.info(
        "Created collection {}: {} shards x {} replicas, configset {}",
        spec.name(),
        spec.shards(),
        spec.replicas(),
        spec.configSet());
  }

  private void waitForActive(CollectionSpec spec) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACTIVE_TIMEOUT_SECONDS);
    while (true) {
      ClusterState cs = client.getClusterState();
      Set<String> live = cs.getLiveNodes();
      DocCollection state = cs.getCollectionOrNull(spec.name());
      if (state != null
          && state.getSlices().size() == spec.shards()
          && state.getSlices().stream()
              .allMatch(
                  s ->
                      s.getReplicas().size() == spec.replicas()
                          && s.getReplicas().stream().allMatch(r -> r.isActive(live)))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new MlException(
            "collection '"
                + spec.name()
                + "' did not become active within "
                + ACTIVE_TIMEOUT_SECONDS
                + " s");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MlException("interrupted while creating collection '" + spec.name() + "'", e);
      }
    }
  }

  /**
   * Deletes a collection if it exists.
   *
   * @param name the collection
   */
  public void delete(String name) {
    if (!exists(name)) {
      return;
    }
    try {
      CollectionAdminRequest.deleteCollection(name).process(client);
    } catch (SolrServerException | IOException e) {
      throw fail("cannot delete collection '" + name + "'", e);
    }
  }

  /**
   * The vector dimension of a collection's {@code vector} field (read from its schema).
   *
   * @param client any client
   * @param collection the collection
   * @return the dimension
   * @throws MlException if the collection or its vector field type is missing
   */
  public static int vectorDimension(SolrClient client, String collection) {
    try {
      SchemaResponse.FieldResponse field =
          new SchemaRequest.Field("vector").process(client, collection);
      String type = String.valueOf(field.getField().get("type"));
      SchemaResponse.FieldTypeResponse ft =
          new SchemaRequest.FieldType(type).process(client, collection);
      Map<String, Object> attrs = ft.getFieldType().getAttributes();
      Object dim = attrs.get("vectorDimension");
      if (dim == null) {
        throw new MlException(
            "collection '"
                + collection
                + "' has no dense vector field 'vector' (type "
                + type
                + ")");
      }
      return Integer.parseInt(dim.toString());
    } catch (SolrServerException | IOException | RuntimeException e) {
      if (e instanceof MlException m) {
        throw m;
      }
      throw fail("cannot read the schema of collection '" + collection + "'", e);
    }
  }

  private static MlException fail(String what, Exception e) {
    return new MlException(what + ": " + e.getMessage(), e);
  }
}
