package dev.mle4j.examples.cli;

import dev.mle4j.core.serving.ModelServer;
import dev.mle4j.core.serving.ServedModel;
import dev.mle4j.examples.RegistryModels;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mle4j serve}: serves the registry's production models over HTTP until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the registry's models (default stage production) with dynamic batching.")
public final class ServeCommand implements Callable<Integer> {
  @Mixin ServeOptions options = new ServeOptions();

  @Spec CommandSpec spec;

  /** Creates the command. */
  public ServeCommand() {}

  @Override
  public Integer call() throws InterruptedException {
    options.validate();
    RagServing rag = options.openRag();
    // with a knowledge base and no --models, an empty registry serves the RAG page alone
    List<ServedModel<?>> served;
    try {
      served =
          RegistryModels.load(
              options.openRegistry(),
              options.stage,
              options.models,
              rag != null && options.models.isEmpty());
    } catch (RuntimeException e) {
      if (rag != null) {
        rag.close();
      }
      throw e;
    }
    ModelServer server = options.build(served, true, rag).start();
    ServeDriftMonitor drift = options.startDriftMonitor();
    PrintWriter out = spec.commandLine().getOut();
    out.println("serving " + server.modelNames() + " at " + server.baseUri() + " (Ctrl-C stops)");
    if (rag != null) {
      out.println(
          "knowledge base "
              + rag.knowledgeBase().corpus()
              + " ("
              + rag.knowledgeBase().index().chunkCount()
              + " chunks): POST "
              + server.baseUri().resolve("/v1/rag/ask"));
    }
    out.flush();
    List<ServedModel<?>> toClose = new java.util.ArrayList<>(served);
    toClose.addAll(options.shadowModels);
    try {
      awaitShutdown(server, toClose, rag);
    } finally {
      if (drift != null) {
        drift.close();
      }
    }
    return 0;
  }

  static void awaitShutdown(ModelServer server, List<ServedModel<?>> served, RagServing rag)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  served.forEach(m -> m.closeModel());
                  if (rag != null) {
                    rag.close();
                  }
                  stopped.countDown();
                },
                "mle4j-shutdown"));
    stopped.await();
  }
}
