package dev.mle4j.rag.generate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A scripted HTTP server on 127.0.0.1 speaking whatever wire format the test scripts. */
final class FakeServer implements AutoCloseable {

  /** One received request. */
  record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** Writes one response. */
  @FunctionalInterface
  interface Responder {
    void respond(HttpExchange ex) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Queue<Responder> script = new ConcurrentLinkedQueue<>();
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(
                new Recorded(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    Map.copyOf(ex.getRequestHeaders()),
                    body));
            Responder r = script.poll();
            if (r == null) {
              json(599, "{\"error\":{\"message\":\"no scripted response\"}}").respond(ex);
            } else {
              r.respond(ex);
            }
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  FakeServer then(Responder r) {
    script.add(r);
    return this;
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  static Responder json(int status, String body) {
    return json(status, body, Map.of());
  }

  static Responder json(int status, String body, Map<String, String> headers) {
    return ex -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  /** Server-sent events, each string is the full event text without the trailing blank line. */
  static Responder sse(List<String> events) {
    return ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        for (String e : events) {
          out.write((e + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    };
  }

  /** Never answers until the server closes. */
  Responder hang() {
    return ex -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
