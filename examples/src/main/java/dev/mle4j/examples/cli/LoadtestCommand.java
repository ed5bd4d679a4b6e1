package dev.mle4j.examples.cli;

import dev.mle4j.benchmarks.load.LevelResult;
import dev.mle4j.benchmarks.load.LoadReport;
import dev.mle4j.benchmarks.load.LoadRunner;
import dev.mle4j.benchmarks.load.LoadTarget;
import dev.mle4j.benchmarks.load.ServingStudy;
import dev.mle4j.benchmarks.load.StudyEndpoint;
import dev.mle4j.benchmarks.load.StudyResult;
import dev.mle4j.core.MlException;
import dev.mle4j.core.ModelLoaders;
import dev.mle4j.core.registry.ModelRegistry;
import dev.mle4j.core.registry.ModelVersion;
import dev.mle4j.core.report.HtmlReport;
import dev.mle4j.core.report.RunOutput;
import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.examples.RegistryModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mle4j loadtest}: closed-loop load against one or more URLs, a side-by-side comparison of
 * the same registry model served with and without dynamic batching, or a serving study of several
 * registry models under several batching configurations ({@link ServingStudy}).
 */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    description = {
      "Closed-loop virtual users at each concurrency level; writes CSV, PNG, metrics.json and"
          + " report.html.",
      "Either --url (repeatable, NAME=URL to label it), --compare-batching --model NAME, or"
          + " --study --models A,B,... (each model with batching off and on for every"
          + " --delays-ms, at every --concurrency level; writes study.json, study.csv, charts,"
          + " metrics.json and report.html)."
    })
public final class LoadtestCommand implements Callable<Integer> {

  /** Sample messages used as request bodies when none are given. */
  static final List<String> SAMPLE_TEXTS =
      List.of(
          "WINNER!! Claim your free prize now",
          "Are we still meeting for lunch at 1?",
          "URGENT! Your mobile number has won a 2000 pound bonus. Call 09061701461 to claim",
          "Sorry, I'll call you later, in a meeting",
          "Free entry in 2 a wkly comp to win FA Cup final tkts, text FA to 87121",
          "Ok lar... joking wif u oni...",
          "Had your mobile 11 months or more? You are entitled to update to the latest colour"
              + " mobiles with camera for free! Call now",
          "I'm gonna be home soon and i don't want to talk about this stuff anymore tonight",
          "Congratulations, you have been selected for a cash reward, reply YES to claim",
          "Did you catch the bus? Are you frying an egg? Did you make a tea?");

  static final class Targets {
    @Option(
        names = "--url",
        paramLabel = "[NAME=]URL",
        description = "Endpoint to load (repeat for several, measured side by side).")
    List<String> urls = new ArrayList<>();

    @Option(
        names = "--compare-batching",
        description =
            "Start two in-process servers for --model (batched and unbatched) and load both.")
    boolean compareBatching;

    @Option(
        names = "--study",
        description =
            "Serving study: start one in-process server per model (--models NAME or NAME=VERSION)"
                + " and batching configuration (off, then on for each --delays-ms) and load each"
                + " at every --concurrency level.")
    boolean study;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Targets targets;

  @Option(names = "--model", description = "Model for --compare-batching (default sms-spam).")
  String model = "sms-spam";

  @Mixin ServeOptions serveOptions = new ServeOptions();

  @Option(
      names = "--delays-ms",
      split = ",",
      paramLabel = "MS",
      defaultValue = "0,2,5",
      description =
          "--study: max queue delays of the batching-on configurations, one server each (default"
              + " ${DEFAULT-VALUE}).")
  List<Long> delaysMs;

  @Option(
      names = "--endpoint",
      defaultValue = "classify",
      paramLabel = "classify|predict",
      description =
          "--study: route to load, POST /v1/models/{name}/<endpoint> with {\"text\": ...}"
              + " (default ${DEFAULT-VALUE}).")
  StudyEndpoint endpoint;

  @Option(
      names = "--overload-users",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "--study: one extra level per model with N users against a batching server (first"
              + " delay) whose queue holds --queue-capacity requests; records the 503s and"
              + " timeouts (default 0: none). The regular levels keep a queue of"
              + " max(1024, users).")
  int overloadUsers;

  @Option(
      names = "--concurrency",
      split = ",",
      defaultValue = "1,10,50,100",
      description = "Virtual users per level (default ${DEFAULT-VALUE}).")
  List<Integer> concurrency;

  @Option(
      names = "--duration",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "Measured time per level and target (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "3s",
      converter = DurationConverter.class,
      description = "Unmeasured warm-up per level and target (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Request timeout (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--bodies",
      paramLabel = "FILE",
      description = "JSON lines file, one request body per line (default: sample messages).")
  Path bodiesFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Spec CommandSpec spec;

  /** Creates the command. */
  public LoadtestCommand() {}

  @Override
  public Integer call() throws IOException {
    if (targets.study) {
      return study();
    }
    List<byte[]> bodies = bodies();
    Path dir = out != null ? out : RunOutput.defaultDir("loadtest");
    RunOutput output = RunOutput.create(dir);
    PrintWriter pw = spec.commandLine().getOut();
    LoadReport report;
    String note;
    String batchNote = "";
    if (targets.compareBatching) {
      serveOptions.port = 0;
      List<ServedModel<?>> served =
          RegistryModels.load(serveOptions.openRegistry(), serveOptions.stage, List.of(model));
      serveOptions.noBatching = false;
      try (ModelServer batched = serveOptions.build(served, false).start()) {
        serveOptions.noBatching = true;
        try (ModelServer direct = serveOptions.build(served, false).start()) {
          List<LoadTarget> list =
              List.of(
                  target("batched", predictUrl(batched, model), bodies),
                  target("unbatched", predictUrl(direct, model), bodies));
          report = runner(list).run();
          io.micrometer.core.instrument.DistributionSummary sizes =
              batched.meterRegistry().find("mle4j.batch.size").summary();
          if (sizes != null && sizes.count() > 0) {
            batchNote =
                " Batched server over the whole run: "
                    + sizes.count()
                    + " batches, mean batch size "
                    + Formats.fixed(sizes.mean(), 2)
                    + ", largest "
                    + Formats.fixed(sizes.max(), 0)
                    + ".";
          }
        }
      } finally {
        served.forEach(m -> m.closeModel());
      }
      note =
          "Same model, same process, two servers: dynamic batching (max batch "
              + serveOptions.maxBatchSize
              + ", max queue delay "
              + serveOptions.maxQueueDelayMs
              + " ms, "
              + serveOptions.batchWorkers
              + " batch workers) vs one classifyAll per request on the request thread."
              + batchNote;
    } else {
      List<LoadTarget> list = new ArrayList<>();
      for (String spec : targets.urls) {
        int eq = spec.indexOf('=');
        boolean named = eq > 0 && !spec.substring(0, eq).contains("/");
        String name = named ? spec.substring(0, eq) : "target" + (list.size() + 1);
        String url = named ? spec.substring(eq + 1) : spec;
        list.add(target(name, parseUri(url), bodies));
      }
      report = runner(list).run();
      note = "Targets: " + String.join(", ", targets.urls);
    }
    Path csv = report.writeCsv(output.file("loadtest.csv"));
    report.writeJson(output.file(RunOutput.METRICS_FILE));
    List<Path> charts = report.writeCharts(output.dir());
    HtmlReport.Builder html =
        HtmlReport.builder("Load test")
            .subtitle(note)
            .section("Results")
            .table(
                List.of(
                    "target", "users", "requests", "errors", "QPS", "p50 ms", "p95 ms", "p99 ms"),
                rows(report));
    for (Path chart : charts) {
      html.image(chart, chart.getFileName().toString());
    }
    html.build().write(output.file(RunOutput.REPORT_FILE));
    pw.println(report.toMarkdownTable());
    pw.println(note);
    pw.println("wrote " + csv + ", charts and report.html in " + output.dir());
    pw.flush();
    return 0;
  }

  private Integer study() throws IOException {
    ServingStudy study = studyOptions();
    Path dir = out != null ? out : RunOutput.defaultDir("loadtest");
    Map<String, ServedModel<?>> models = loadStudyModels();
    StudyResult result;
    try {
      result = study.run(models);
    } finally {
      models.values().forEach(ServedModel::closeModel);
    }
    List<Path> files = result.writeAll(dir);
    PrintWriter pw = spec.commandLine().getOut();
    pw.println(result.toMarkdownTable());
    pw.println(
        "wrote "
            + files.size()
            + " files (study.json, study.csv, metrics.json, charts, report.html) in "
            + dir);
    pw.flush();
    return 0;
  }

  /** Checks the study options with their command-line names and builds the study. */
  private ServingStudy studyOptions() throws IOException {
    var parsed = spec.commandLine().getParseResult();
    for (String[] unused :
        new String[][] {
          {"--model", "use --models A,B,... with --study"},
          {"--max-queue-delay-ms", "use --delays-ms with --study"},
          {"--no-batching", "--study always includes batching off"},
          {"--max-queue-wait-ms", "--study does not shed by queue wait"},
          {"--port", "--study starts its servers on free ports"}
        }) {
      if (parsed.hasMatchedOption(unused[0])) {
        throw new MlException(unused[0] + " does not apply to --study: " + unused[1]);
      }
    }
    if (serveOptions.models.isEmpty() || serveOptions.models.stream().anyMatch(String::isBlank)) {
      throw new MlException(
          "--study needs --models NAME[,NAME...] (registry models in stage '"
              + serveOptions.stage
              + "', or NAME=VERSION)");
    }
    if (delaysMs.isEmpty()) {
      throw new MlException("--delays-ms needs at least one delay, e.g. 0,2,5");
    }
    for (long d : delaysMs) {
      if (d < 0) {
        throw new MlException("--delays-ms must be >= 0, got " + d);
      }
    }
    for (int c : concurrency) {
      if (c < 1 || c > LoadRunner.MAX_CONCURRENCY) {
        throw new MlException(
            "--concurrency level " + c + " is out of range 1.." + LoadRunner.MAX_CONCURRENCY);
      }
    }
    if (overloadUsers < 0 || overloadUsers > LoadRunner.MAX_CONCURRENCY) {
      throw new MlException(
          "--overload-users must be in 0.."
              + LoadRunner.MAX_CONCURRENCY
              + ", got "
              + overloadUsers);
    }
    serveOptions.validate();
    int maxUsers = concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
    ServingStudy.Builder b =
        ServingStudy.builder()
            .delaysMs(delaysMs)
            .maxBatchSize(serveOptions.maxBatchSize)
            .preferredBatchSizes(serveOptions.preferredBatchSizes)
            .batchWorkers(serveOptions.batchWorkers)
            .queueCapacity(Math.max(ServingStudy.DEFAULT_QUEUE_CAPACITY, maxUsers))
            .concurrencyLevels(concurrency)
            .duration(duration)
            .warmUp(warmup)
            .requestTimeout(timeout)
            .endpoint(endpoint);
    if (bodiesFile != null) {
      b.bodies(bodies(), bodiesFile.getFileName().toString());
    } else {
      b.bodies(bodies(), "sample-sms");
    }
    if (overloadUsers > 0) {
      b.overload(overloadUsers, serveOptions.queueCapacity);
    }
    return b.build();
  }

  /** Loads each --models entry once: NAME from the serving stage, NAME=VERSION as given. */
  private Map<String, ServedModel<?>> loadStudyModels() {
    ModelRegistry registry = serveOptions.openRegistry();
    List<String> known = registry.models();
    Map<String, ServedModel<?>> models = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    try {
      for (String raw : serveOptions.models) {
        String label = raw.strip();
        if (!seen.add(label)) {
          throw new MlException("--models lists '" + label + "' twice");
        }
        int eq = label.indexOf('=');
        String name = eq < 0 ? label : label.substring(0, eq);
        if (!known.contains(name)) {
          throw new MlException(
              "unknown model '"
                  + name
                  + "' in registry "
                  + registry.root()
                  + (known.isEmpty()
                      ? " (it is empty; train one: mle4j text train --dataset sms-spam)"
                      : "; registered: " + String.join(", ", known)));
        }
        if (eq < 0) {
          models.put(
              label, RegistryModels.load(registry, serveOptions.stage, List.of(name)).get(0));
        } else {
          String version = label.substring(eq + 1);
          ModelVersion v =
              registry
                  .find(name, version)
                  .orElseThrow(
                      () ->
                          new MlException(
                              "model '"
                                  + name
                                  + "' has no version '"
                                  + version
                                  + "' in registry "
                                  + registry.root()
                                  + " (list them: mle4j registry list)"));
          models.put(
              label, ModelLoaders.discover().loadServed(name, v.version(), v.dir(), v.card()));
        }
      }
    } catch (RuntimeException e) {
      models.values().forEach(ServedModel::closeModel);
      throw e;
    }
    return models;
  }

  private static List<List<Object>> rows(LoadReport report) {
    List<List<Object>> rows = new ArrayList<>();
    for (LevelResult r : report.results()) {
      rows.add(
          List.of(
              r.target(),
              r.concurrency(),
              r.requests(),
              r.errors(),
              Formats.fixed(r.throughputPerS(), 1),
              Formats.fixed(r.p50Ms(), 2),
              Formats.fixed(r.p95Ms(), 2),
              Formats.fixed(r.p99Ms(), 2)));
    }
    return rows;
  }

  private LoadRunner runner(List<LoadTarget> list) {
    return LoadRunner.builder()
        .targets(list)
        .concurrencyLevels(concurrency)
        .duration(duration)
        .warmUp(warmup)
        .requestTimeout(timeout)
        .build();
  }

  private static URI predictUrl(ModelServer server, String model) {
    return server.baseUri().resolve("/v1/models/" + model + "/predict");
  }

  private static LoadTarget target(String name, URI url, List<byte[]> bodies) {
    return new LoadTarget(name, url, "POST", "application/json", bodies, Map.of());
  }

  private static URI parseUri(String url) {
    try {
      return URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new MlException("--url '" + url + "' is not a valid URL: " + e.getMessage());
    }
  }

  private List<byte[]> bodies() throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    if (bodiesFile != null) {
      if (!Files.isRegularFile(bodiesFile)) {
        throw new MlException("--bodies file not found: " + bodiesFile);
      }
      for (String line : Files.readAllLines(bodiesFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          bodies.add(line.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (bodies.isEmpty()) {
        throw new MlException("--bodies file " + bodiesFile + " holds no request body");
      }
      return bodies;
    }
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String text : SAMPLE_TEXTS) {
      bodies.add(json.writeValueAsBytes(Map.of("text", text)));
    }
    return bodies;
  }
}
