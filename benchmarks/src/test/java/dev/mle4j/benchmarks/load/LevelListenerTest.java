package dev.mle4j.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The load runner tells its listener each level's measured window, exactly. */
class LevelListenerTest {

  /** One listener call. */
  record Call(String kind, int users, long from, long end, LevelResult result) {}

  @Test
  void everyMeasuredRequestReachesTheServerInsideTheWindow() throws Exception {
    ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    server.setExecutor(threads);
    server.createContext(
        "/ok",
        exchange -> {
          arrivals.add(System.nanoTime());
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 2);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("ok".getBytes());
          }
        });
    server.start();
    List<Call> calls = new ArrayList<>();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ok");
      LoadRunner.builder()
          .target(LoadTarget.get("ok", url))
          .concurrencyLevels(1, 3)
          .duration(Duration.ofMillis(400))
          .warmUp(Duration.ofMillis(200))
          .levelListener(
              new LevelListener() {
                @Override
                public void onMeasureStart(LoadTarget target, int users, long from) {
                  calls.add(new Call("start", users, from, 0, null));
                }

                @Override
                public void onLevel(LevelResult result, long from, long end) {
                  calls.add(new Call("level", result.concurrency(), from, end, result));
                  long inWindow = arrivals.stream().filter(t -> t - from >= 0).count();
                  arrivals.clear();
                  // measured requests all arrive after the window opens; at most one per user
                  // started during the warm-up arrives after it too
                  assertThat(inWindow)
                      .isBetween(result.requests(), result.requests() + result.concurrency());
                }
              })
          .build()
          .run();
    } finally {
      server.stop(0);
      threads.shutdownNow();
    }
    assertThat(calls).extracting(Call::kind).containsExactly("start", "level", "start", "level");
    assertThat(calls).extracting(Call::users).containsExactly(1, 1, 3, 3);
    for (int i = 0; i < calls.size(); i += 2) {
      Call start = calls.get(i);
      Call level = calls.get(i + 1);
      assertThat(level.from()).isEqualTo(start.from());
      assertThat(level.end() - level.from()).isPositive();
      assertThat(level.result().requests()).isPositive();
      assertThat(level.result().durationSeconds())
          .isEqualTo(Math.max(0, level.end() - level.from()) / 1e9);
    }
  }
}
