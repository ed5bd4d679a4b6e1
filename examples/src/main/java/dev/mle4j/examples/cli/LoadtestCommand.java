package dev.mle4j.examples.cli;

import dev.mle4j.benchmarks.load.LevelResult;
import dev.mle4j.benchmarks.load.LoadReport;
import dev.mle4j.benchmarks.load.LoadRunner;
import dev.mle4j.benchmarks.load.LoadTarget;
import dev.mle4j.core.MlException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mle4j loadtest}: closed-loop load against one or more URLs, or a side-by-side comparison
 * of the same registry model served with and without dynamic batching.
 */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    description = {
      "Closed-loop virtual users at each concurrency level; writes CSV, PNG, metrics.json and"
          + " report.html.",
      "Either --url (repeatable, NAME=URL to label it) or --compare-batching --model NAME."
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
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Targets targets;

  @Option(names = "--model", description = "Model for --compare-batching (default sms-spam).")
  String model = "sms-spam";

  @Mixin ServeOptions serveOptions = new ServeOptions();

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
