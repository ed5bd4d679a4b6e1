package dev.mle4j.solr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.Embedder;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.MlException;
import dev.mle4j.core.Retriever;
import dev.mle4j.rag.eval.QuestionSet;
import dev.mle4j.rag.eval.RetrievalEvaluator;
import dev.mle4j.rag.eval.RetrievalResults;
import dev.mle4j.rag.eval.StrategyResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command line of the SolrCloud backend, run on ml-solr's own classpath (it never enters the {@code
 * mle4j} launcher): {@code configset}, {@code create}, {@code index} and {@code eval}.
 *
 * <pre>
 * ./mvnw -q -pl ml-solr exec:java -Dexec.mainClass=dev.mle4j.solr.SolrCli \
 *   -Dexec.args="eval --zk localhost:9983 --collection pgdoc --questions data/eval/postgres-qa.json"
 * </pre>
 */
@Command(
    name = "mle4j-solr",
    mixinStandardHelpOptions = true,
    description = "SolrCloud retrieval backend: configset, collections, bulk indexing, evaluation.",
    subcommands = {
      SolrCli.ConfigSetCommand.class,
      SolrCli.CreateCommand.class,
      SolrCli.IndexCommand.class,
      SolrCli.EvalCommand.class
    })
public final class SolrCli implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  /** Creates the command (picocli). */
  public SolrCli() {
    // picocli
  }

  /**
   * Runs the command line; exits with 0, 1 on failure, or 2 on bad input (one line, no trace).
   *
   * @param args arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line with given output streams.
   *
   * @param args arguments
   * @param out standard output
   * @param err error output
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new SolrCli());
    cl.setOut(out).setErr(err);
    cl.setExecutionExceptionHandler(
        (e, line, parse) -> {
          line.getErr().println("error: " + e.getMessage());
          return e instanceof MlException || e instanceof IllegalArgumentException ? 2 : 1;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the cluster is. */
  static final class Connection {
    @Option(names = "--zk", paramLabel = "HOST:PORT[/CHROOT]", description = "ZooKeeper address.")
    String zk;

    @Option(
        names = "--solr",
        paramLabel = "URL",
        description = "Solr node URL(s), comma-separated.")
    String solr;

    CloudSolrClient open() {
      if ((zk == null) == (solr == null)) {
        throw new MlException("give exactly one of --zk HOST:PORT or --solr URL");
      }
      return zk != null ? SolrClients.zookeeper(zk) : SolrClients.urls(solr);
    }
  }

  /** {@code configset}: writes the configset folder for {@code bin/solr zk upconfig}. */
  @Command(
      name = "configset",
      mixinStandardHelpOptions = true,
      description = "Write the configset.")
  static final class ConfigSetCommand implements Callable<Integer> {
    @Option(names = "--dim", required = true, description = "Embedding dimension.")
    int dim;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      SolrConfigSet.write(out, dim);
      spec.commandLine()
          .getOut()
          .println("wrote configset " + SolrConfigSet.defaultName(dim) + " to " + out);
      return 0;
    }
  }

  /** {@code create}: uploads the configset and creates a collection. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a collection.")
  static final class CreateCommand implements Callable<Integer> {
    @CommandLine.Mixin Connection connection = new Connection();

    @Option(names = "--collection", required = true)
    String collection;

    @Option(names = "--dim", required = true, description = "Embedding dimension.")
    int dim;

    @Option(names = "--shards", defaultValue = "2")
    int shards;

    @Option(names = "--replicas", defaultValue = "1")
    int replicas;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (CloudSolrClient client = connection.open()) {
        new SolrCollections(client).create(CollectionSpec.of(collection, shards, replicas, dim));
      }
      spec.commandLine()
          .getOut()
          .println("created " + collection + ": " + shards + " shards x " + replicas + " replicas");
      return 0;
    }
  }

  /** {@code index}: bulk-indexes a JSONL or Parquet file of chunks with vectors. */
  @Command(name = "index", mixinStandardHelpOptions = true, description = "Bulk-index chunks.")
  static final class IndexCommand implements Callable<Integer> {
    @CommandLine.Mixin Connection connection = new Connection();

    @Option(names = "--collection", required = true)
    String collection;

    @Option(
        names = "--file",
        required = true,
        description = ".jsonl, .jsonl.gz, .parquet or a folder of .parquet")
    Path file;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (CloudSolrClient client = connection.open();
          SolrChunkIndex index = SolrChunkIndex.builder(client, collection).build()) {
        long n = index.indexFile(file);
        spec.commandLine().getOut().println("indexed " + n + " chunks into " + collection);
      }
      return 0;
    }
  }

  /** {@code eval}: nDCG@10, recall, MRR and latency of Solr modes on a question set. */
  @Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate retrieval.")
  static final class EvalCommand implements Callable<Integer> {
    @CommandLine.Mixin Connection connection = new Connection();

    @Option(names = "--collection", required = true)
    String collection;

    @Option(names = "--questions", required = true, description = "Question set JSON.")
    Path questions;

    @Option(
        names = "--embedder",
        defaultValue = "all-minilm-l6-v2-q",
        description = "Query embedder (an EmbedderProvider on the classpath, e.g. ml-nlp's).")
    String embedder;

    @Option(
        names = "--modes",
        split = ",",
        defaultValue = "bm25,dense,hybrid,hybrid-solr-rerank",
        description = "Modes to evaluate.")
    List<String> modes;

    @Option(names = "--out", defaultValue = "outputs/rag/solr-eval", description = "Output folder.")
    Path out;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      QuestionSet qs = QuestionSet.load(questions);
      try (CloudSolrClient client = connection.open();
          Embedder e = Embedders.discover().open(embedder, EmbedderOptions.defaults())) {
        Map<String, Retriever> retrievers = new LinkedHashMap<>();
        for (String m : modes) {
          retrievers.put(
              m,
              SolrRetriever.builder(client, collection)
                  .mode(SolrRetriever.Mode.of(m))
                  .embedder(e)
                  .build());
        }
        RetrievalResults r =
            RetrievalEvaluator.builder().build().evaluate(retrievers, qs.questions());
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("dataset", qs.corpus());
        root.put("task", "retrieval");
        root.put("backend", "solr");
        root.put("collection", collection);
        root.put("embedder", e.name());
        ObjectNode models = root.putObject("models");
        for (StrategyResult s : r.strategies()) {
          ObjectNode m = models.putObject("solr-" + s.name());
          s.metrics().forEach(m::put);
          spec.commandLine()
              .getOut()
              .printf(
                  "%-20s nDCG@10 %.4f  p50 %.2f ms  p99 %.2f ms%n",
                  s.name(),
                  s.metrics().get("ndcg_at_10"),
                  s.metrics().get("p50_ms"),
                  s.metrics().get("p99_ms"));
        }
        Files.createDirectories(out);
        json.writerWithDefaultPrettyPrinter()
            .writeValue(out.resolve("metrics.json").toFile(), root);
        spec.commandLine().getOut().println("wrote " + out.resolve("metrics.json"));
      }
      return 0;
    }
  }
}
