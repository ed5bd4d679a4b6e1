package dev.mle4j.examples.cli;

import dev.mle4j.core.EmbedderOptions;
import dev.mle4j.core.Embedders;
import dev.mle4j.core.serving.JsonEndpoint;
import dev.mle4j.rag.KnowledgeBase;
import dev.mle4j.rag.QueryLog;
import dev.mle4j.rag.RagEndpoints;
import dev.mle4j.rag.RagService;
import dev.mle4j.rag.generate.Generators;
import dev.mle4j.rag.generate.GroundedGenerator;
import dev.mle4j.rag.generate.PriceTable;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The knowledge base, generator, query log and service behind the server's RAG endpoints; closed
 * after the server.
 */
final class RagServing implements AutoCloseable {
  /** The retrieval strategy the server answers with. */
  static final String STRATEGY = "hybrid";

  private final KnowledgeBase kb;
  private final GroundedGenerator generator;
  private final QueryLog queryLog;
  private final List<JsonEndpoint> endpoints;

  private RagServing(Path indexDir, Path queryLogFile, MeterRegistry registry) {
    this.kb = KnowledgeBase.open(indexDir, Embedders.discover(), EmbedderOptions.defaults());
    GroundedGenerator g = null;
    QueryLog log = null;
    try {
      g = Generators.fromEnvironment(System.getenv(), kb.embedder());
      log = queryLogFile == null ? null : QueryLog.open(queryLogFile);
      PriceTable prices = PriceTable.defaults();
      String model = g.model();
      RagService service =
          RagService.builder(kb.retriever(STRATEGY, null), g)
              .generatorName(model)
              .queryLog(log)
              .meterRegistry(registry)
              .cost((m, p, c) -> prices.costUsd(m, p, c).usd())
              .build();
      this.endpoints = RagEndpoints.create(service, kb, STRATEGY);
    } catch (RuntimeException e) {
      if (log != null) {
        log.close();
      }
      if (g != null) {
        g.close();
      }
      kb.close();
      throw e;
    }
    this.generator = g;
    this.queryLog = log;
  }

  /**
   * Opens the knowledge base in a folder when one is there.
   *
   * @return the serving parts, or null when the folder holds no knowledge base
   */
  static RagServing openIfPresent(Path indexDir, Path queryLogFile, MeterRegistry registry) {
    if (indexDir == null || !Files.isRegularFile(indexDir.resolve(KnowledgeBase.DESCRIPTOR))) {
      return null;
    }
    return new RagServing(indexDir, queryLogFile, registry);
  }

  List<JsonEndpoint> endpoints() {
    return endpoints;
  }

  KnowledgeBase knowledgeBase() {
    return kb;
  }

  @Override
  public void close() {
    try {
      if (queryLog != null) {
        queryLog.close();
      }
      generator.close();
    } finally {
      kb.close();
    }
  }
}
