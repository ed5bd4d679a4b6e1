package dev.mle4j.tabular.pipeline;

import dev.mle4j.core.MlException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on a runner's root folder ({@code <root>/.lock}) for the length of a run. */
final class RootLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private RootLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static RootLock acquire(Path root) {
    FileChannel ch = null;
    try {
      Files.createDirectories(root);
      ch =
          FileChannel.open(
              root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        throw new OverlappingFileLockException();
      }
      return new RootLock(ch, l);
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      throw new MlException("another pipeline run is using " + root + "; try again later");
    } catch (IOException e) {
      closeQuietly(ch);
      throw new MlException("cannot lock " + root + ": " + e, e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }
}
