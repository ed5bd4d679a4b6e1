package dev.mle4j.solr;

import dev.mle4j.core.MlException;

/**
 * What {@link SolrCollections#create} creates: a collection of {@code shards} x {@code replicas}
 * cores from a configset for vectors of {@code vectorDimension} floats.
 *
 * @param name the collection name
 * @param configSet the configset name (uploaded first if missing)
 * @param shards number of shards, at least 1
 * @param replicas replicas per shard (NRT), at least 1
 * @param vectorDimension the embedder's vector dimension
 */
public record CollectionSpec(
    String name, String configSet, int shards, int replicas, int vectorDimension) {

  /** Validates. */
  public CollectionSpec {
    if (name == null || !name.matches("[A-Za-z0-9_][A-Za-z0-9_.\\-]*")) {
      throw new MlException(
          "collection name must be letters, digits, '_', '-' or '.', got '" + name + "'");
    }
    if (configSet == null || configSet.isBlank()) {
      throw new MlException("configset name must not be blank");
    }
    if (shards < 1 || replicas < 1) {
      throw new MlException("shards and replicas must be >= 1, got " + shards + " x " + replicas);
    }
    SolrConfigSet.defaultName(vectorDimension); // validates the dimension
  }

  /**
   * A spec with the default configset name ({@link SolrConfigSet#defaultName}).
   *
   * @param name the collection name
   * @param shards shards
   * @param replicas replicas per shard
   * @param vectorDimension the vector dimension
   * @return the spec
   */
  public static CollectionSpec of(String name, int shards, int replicas, int vectorDimension) {
    return new CollectionSpec(
        name, SolrConfigSet.defaultName(vectorDimension), shards, replicas, vectorDimension);
  }
}
