package dev.mle4j.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.rag.Citation;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.RagJson;
import dev.mle4j.rag.RagResponse;
import dev.mle4j.rag.RagService;
import dev.mle4j.rag.generate.Generators;
import dev.mle4j.rag.generate.GroundedGenerator;
import dev.mle4j.rag.generate.PriceTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mle4j rag ask}: answers one question from a knowledge base. */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = {
      "Answer a question from the knowledge base with citations. The generator is the offline"
          + " extractive one unless MLE4J_LLM_PROVIDER (openai|anthropic), MLE4J_LLM_BASE_URL,"
          + " MLE4J_LLM_MODEL and MLE4J_LLM_API_KEY_ENV configure an LLM."
    })
final class RagAskCommand implements Callable<Integer> {
  @Mixin RagCommand.IndexOptions index = new RagCommand.IndexOptions();

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(
      names = "--strategy",
      defaultValue = "hybrid",
      description =
          "Retrieval: bm25, dense, hybrid, hybrid-weighted, hybrid-mmr (default ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--top-k", defaultValue = "5", description = "Chunks given to the generator.")
  int topK;

  @Parameters(arity = "1..*", paramLabel = "QUESTION", description = "The question.")
  List<String> words = new ArrayList<>();

  @Spec CommandSpec spec;

  RagAskCommand() {}

  @Override
  public Integer call() {
    String question = String.join(" ", words);
    try (KnowledgeBase kb =
            KnowledgeBase.open(index.indexDir(), Embedders.discover(), EmbedderOptions.defaults());
        GroundedGenerator generator = Generators.fromEnvironment(System.getenv(), kb.embedder())) {
      PriceTable prices = PriceTable.defaults();
      RagService service =
          RagService.builder(kb.retriever(strategy, null), generator)
              .generatorName(generator.model())
              .topK(topK)
              .cost((m, p, c) -> prices.costUsd(m, p, c).usd())
              .build();
      RagResponse r = service.ask(question);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode node = RagJson.toJson(r);
        out.println(node.toString());
      } else {
        out.println(r.answer());
        out.println();
        for (Citation c : r.citations()) {
          out.printf(
              "[%d] %s — %s (%s, score %.3f)%n",
              c.number(), c.title(), c.section(), c.source(), c.score());
        }
        out.printf(
            "%n%.0f ms (retrieve %.0f ms, generate %.0f ms) · %d prompt + %d completion tokens · %s%n",
            r.latencyMs(),
            r.retrieveMs(),
            r.generateMs(),
            r.promptTokens(),
            r.completionTokens(),
            r.generator());
      }
      out.flush();
      return 0;
    }
  }
}
