package dev.klspark.spark.report.drift;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a data-quality output directory ({@code OUTPUT/.lock}), so that two runs
 * never write the same history at once. Created atomically: on the local file system with {@link
 * Files#createFile} (O_EXCL), elsewhere with {@code FileSystem.create(path, overwrite = false)},
 * which HDFS's NameNode performs atomically. The file records who holds it (user, host, pid, start
 * time, report date); it is deleted when the run ends, whatever happened ({@link #close()} in a
 * finally). A run killed with SIGKILL leaves it behind: the next run stops with exit 3 and a
 * message naming the holder and the command that removes the lock; it is never broken
 * automatically.
 */
public final class HistoryLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryLock.class);

  /** The lock file's name inside the output directory. */
  public static final String NAME = ".lock";

  private final FileSystem fs;
  private final Path path;

  private HistoryLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /**
   * Takes the lock.
   *
   * @param fs the output's file system
   * @param output the output directory (created if absent)
   * @param date the run's report date, recorded in the lock
   * @throws KlsparkException if the lock is held (naming the holder) or cannot be created
   */
  public static HistoryLock acquire(FileSystem fs, Path output, String date) {
    Path lock = new Path(output, NAME);
    String owner =
        String.format(
            Locale.ROOT,
            "user=%s%nhost=%s%npid=%d%nstarted=%s%nreport_date=%s%n",
            System.getProperty("user.name"),
            host(),
            ProcessHandle.current().pid(),
            Instant.now(),
            date);
    try {
      fs.mkdirs(output);
      boolean created;
      if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
        java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(lock).toUri());
        try {
          Files.createFile(local);
          Files.writeString(local, owner, StandardCharsets.UTF_8);
          created = true;
        } catch (FileAlreadyExistsException e) {
          created = false;
        }
      } else {
        try (OutputStream os = fs.create(lock, false)) {
          os.write(owner.getBytes(StandardCharsets.UTF_8));
          created = true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
          created = false;
        }
      }
      if (!created) {
        boolean local = "file".equals(lock.toUri().getScheme());
        String remove =
            local ? "rm '" + lock.toUri().getPath() + "'" : "hdfs dfs -rm '" + lock + "'";
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "output %s is locked by another data-quality run (%s). If that run is still"
                    + " going, wait for it; if it was killed, remove the stale lock: %s",
                output,
                holder(fs, lock),
                remove));
      }
      LOG.info("locked {}", lock);
      return new HistoryLock(fs, lock);
    } catch (IOException e) {
      throw new KlsparkException("cannot create the lock " + lock + ": " + e.getMessage(), e);
    }
  }

  private static String holder(FileSystem fs, Path lock) {
    try (InputStream in = fs.open(lock)) {
      String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      long mtime = fs.getFileStatus(lock).getModificationTime();
      return (s.isEmpty() ? "holder unknown" : s.replace('\n', ' '))
          + ", lock file written " + Instant.ofEpochMilli(mtime);
    } catch (IOException e) {
      return "holder unreadable: " + e.getMessage();
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The lock file. */
  public Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      fs.delete(path, false);
      LOG.info("released {}", path);
    } catch (IOException e) {
      LOG.warn("cannot delete the lock {}: {}; remove it by hand", path, e.getMessage());
    }
  }
}
