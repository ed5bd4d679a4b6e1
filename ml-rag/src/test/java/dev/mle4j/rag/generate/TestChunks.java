package dev.mle4j.rag.generate;

import dev.mle4j.core.Chunk;
import dev.mle4j.core.ScoredChunk;
import java.util.List;
import java.util.Map;

/** Small chunks for the generator tests. */
final class TestChunks {
  private TestChunks() {}

  static ScoredChunk chunk(
      String source, int index, String title, String section, String text, double score) {
    return new ScoredChunk(
        new Chunk(
            source + "#" + index,
            text,
            Map.of(
                "source", source, "title", title, "section", section, "chunk_index", "" + index)),
        score);
  }

  static List<ScoredChunk> postgres() {
    return List.of(
        chunk(
            "runtime-config-connection.html",
            0,
            "Connections and Authentication",
            "Connection Settings",
            "The port setting is the TCP port the server listens on. The default port is 5432."
                + " The same port number is used for all IP addresses the server listens on.",
            12.0),
        chunk(
            "sql-createtable.html",
            2,
            "CREATE TABLE",
            "Description",
            "CREATE TABLE will create a new, initially empty table in the current database."
                + " The table will be owned by the user issuing the command.",
            9.5),
        chunk(
            "sql-vacuum.html",
            0,
            "VACUUM",
            "Description",
            "VACUUM reclaims storage occupied by dead tuples. Tuples that are deleted or obsoleted"
                + " by an update are not physically removed from their table.",
            7.0));
  }
}
