package dev.mle4j.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.MlException;
import dev.mle4j.examples.Locations;
import dev.mle4j.tabular.featurestore.FeatureView;
import dev.mle4j.tabular.featurestore.FeatureViews;
import dev.mle4j.tabular.featurestore.FileOnlineStore;
import dev.mle4j.tabular.featurestore.InMemoryOnlineStore;
import dev.mle4j.tabular.featurestore.MaterializeReport;
import dev.mle4j.tabular.featurestore.Materializer;
import dev.mle4j.tabular.featurestore.OfflineStore;
import dev.mle4j.tabular.featurestore.OnlineStore;
import dev.mle4j.tabular.featurestore.RedisOnlineStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mle4j tabular features ...}: the feature store (materialize, online lookups). */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = "Feature store: write a view offline (Parquet), materialize it online, look up.",
    subcommands = {
      TabularFeaturesCommand.MaterializeCommand.class,
      TabularFeaturesCommand.GetCommand.class
    })
public final class TabularFeaturesCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Creates the command. */
  public TabularFeaturesCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Path featuresHome() {
    return Locations.home().resolve("features");
  }

  /** Opens the online store named on the command line. */
  static OnlineStore openOnline(String online) {
    if (online == null || online.isBlank()) {
      return new FileOnlineStore(featuresHome().resolve("online"));
    }
    if (online.equals("memory")) {
      return new InMemoryOnlineStore();
    }
    if (online.startsWith("redis://")) {
      return RedisOnlineStore.builder(online).build();
    }
    if (online.startsWith("file:")) {
      return new FileOnlineStore(Path.of(online.substring("file:".length())));
    }
    throw new MlException("--online '" + online + "' is not memory, redis://host:port or file:DIR");
  }

  /** {@code mle4j tabular features materialize}. */
  @Command(
      name = "materialize",
      mixinStandardHelpOptions = true,
      description = "Write a feature view's source offline and its latest values online.")
  static final class MaterializeCommand implements Callable<Integer> {
    @Option(
        names = "--view-config",
        required = true,
        paramLabel = "FILE",
        description =
            "YAML/JSON view: name, source (CSV/Parquet), entity, event_time, ttl (7d, PT12H),"
                + " features.")
    Path config;

    @Option(
        names = "--offline",
        paramLabel = "DIR",
        description = "Offline store folder (default ~/.mle4j/features/offline).")
    Path offline;

    @Option(
        names = "--online",
        paramLabel = "STORE",
        description =
            "memory | redis://host:port | file:DIR (default: JSON files in"
                + " ~/.mle4j/features/online).")
    String online;

    @Option(
        names = "--end",
        paramLabel = "INSTANT",
        description = "Window end, ISO-8601 like 2012-12-31T23:00:00Z (default: now).")
    String end;

    @Option(
        names = "--start",
        paramLabel = "INSTANT",
        description = "Window start (default: end - ttl); ignored with --incremental.")
    String start;

    @Option(names = "--incremental", description = "Start from the stored watermark.")
    boolean incremental;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      FeatureView view = FeatureViews.load(config);
      Instant to = end == null ? Instant.now() : instant("--end", end);
      OfflineStore store =
          new OfflineStore(offline != null ? offline : featuresHome().resolve("offline"));
      long written = store.write(view);
      MaterializeReport r;
      try (OnlineStore o = openOnline(online)) {
        Materializer m = new Materializer(store, o);
        if (incremental) {
          r = m.materializeIncremental(view, to);
        } else {
          Instant from = start == null ? to.minus(view.ttl()) : instant("--start", start);
          r = m.materialize(view, from, to);
        }
      }
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          "view %s: %d rows offline in %s; window %s .. %s: %d rows read, %d entities written"
              + " (%s s)%n",
          view.name(),
          written,
          store.viewDir(view.name()),
          r.start() == null ? "(end - ttl)" : r.start(),
          r.end(),
          r.rowsRead(),
          r.entitiesWritten(),
          Formats.fixed(r.seconds(), 3));
      w.flush();
      return 0;
    }
  }

  /** {@code mle4j tabular features get}. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Print an entity's online features as JSON.")
  static final class GetCommand implements Callable<Integer> {
    @Option(names = "--view", required = true, paramLabel = "NAME", description = "View name.")
    String view;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "KEY",
        description = "Entity key (compound keys joined with '|').")
    String key;

    @Option(
        names = "--online",
        paramLabel = "STORE",
        description = "memory | redis://host:port | file:DIR (default: ~/.mle4j/features/online).")
    String online;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> record;
      try (OnlineStore o = openOnline(online)) {
        record =
            o.read(view, key)
                .orElseThrow(
                    () ->
                        new MlException(
                            "no online features for key '"
                                + key
                                + "' in view '"
                                + view
                                + "' (materialize it first)"));
      }
      ObjectMapper json = new ObjectMapper();
      ObjectNode features = json.createObjectNode();
      record.forEach(
          (k, v) -> {
            if (v instanceof Instant t) {
              features.put(k, t.toString());
            } else {
              features.putPOJO(k, v);
            }
          });
      ObjectNode out = json.createObjectNode();
      out.put("view", view);
      out.put("key", key);
      out.set("features", features);
      PrintWriter w = spec.commandLine().getOut();
      w.println(json.writeValueAsString(out));
      w.flush();
      return 0;
    }
  }

  private static Instant instant(String option, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new MlException(
          option + " '" + text + "' is not an ISO-8601 instant like 2012-12-31T23:00:00Z", e);
    }
  }
}
