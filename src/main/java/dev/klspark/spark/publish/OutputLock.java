package dev.klspark.spark.publish;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output: every job holds this lock on its output for the whole run, so a second run
 * on the same output stops (exit 3, the holder named) instead of deleting the first one's staging
 * directory or swapping outputs under it.
 *
 * <p>The lock is the hidden file {@code .NAME.lock} next to the output {@code NAME}, holding the
 * owner: job, user, host, pid, the process's start time and when the lock was taken.
 *
 * <ul>
 *   <li><b>Local (POSIX) file systems</b>: an operating-system lock ({@link FileChannel#tryLock()},
 *       {@code fcntl}) on that file. The kernel releases it when the process dies, even by SIGKILL,
 *       so a lock is never stale: the next run takes it over and logs a warning naming the run that
 *       died. The file stays in place (deleting a lock file races with a process about to lock it);
 *       its content says "released" between runs.
 *   <li><b>Other file systems</b> (HDFS, object stores): the file is created with {@code
 *       create(path, overwrite = false)}, atomic on HDFS, and deleted on release. A lock left by a
 *       killed process on <em>this</em> host (its pid gone, or reused by a process that started
 *       later) is taken over with a warning; one from another host is never broken: the message
 *       gives the exact command that removes it. On object stores the create is not atomic:
 *       serialise runs in the scheduler there.
 * </ul>
 */
public final class OutputLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

  /** Locks held by this JVM, by lock path: one JVM never opens a second channel on its own lock. */
  private static final Map<String, Map<String, String>> HELD = new ConcurrentHashMap<>();

  private final FileSystem fs;
  private final Path path;
  private final FileChannel channel;
  private final FileLock osLock;
  private boolean released;

  private OutputLock(FileSystem fs, Path path, FileChannel channel, FileLock osLock) {
    this.fs = fs;
    this.path = path;
    this.channel = channel;
    this.osLock = osLock;
  }

  /** The lock file of an output: {@code .NAME.lock} beside it. */
  public static Path lockPath(Path output) {
    return new Path(output.getParent(), "." + output.getName() + ".lock");
  }

  /**
   * Takes the lock of {@code output} (whose parent directory must exist).
   *
   * @param job the job taking it, recorded in the lock
   * @throws KlsparkException if another live run holds it (naming the holder) or it cannot be
   *     created
   */
  public static OutputLock acquire(FileSystem fs, Path output, String job) {
    Path lock = lockPath(output);
    if ("file".equals(fs.getUri().getScheme())) {
      return acquireLocal(fs, lock, output, job);
    }
    return acquireExclusiveFile(fs, lock, output, job);
  }

  private static OutputLock acquireLocal(FileSystem fs, Path lock, Path output, String job) {
    java.nio.file.Path file = LocalPaths.of(fs, lock);
    String key = file.toAbsolutePath().normalize().toString();
    Map<String, String> owner = owner(job);
    if (HELD.putIfAbsent(key, owner) != null) {
      throw held(output, describe(HELD.get(key)), null);
    }
    FileChannel ch = null;
    try {
      if (java.nio.file.Files.isSymbolicLink(file)) {
        HELD.remove(key);
        throw new KlsparkException(
            "the lock file "
                + file
                + " of output "
                + output
                + " is a symbolic link; klspark does"
                + " not write through links: remove it, or choose another output");
      }
      ch =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              java.nio.file.LinkOption.NOFOLLOW_LINKS);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        String holder = describe(parse(readAll(ch)));
        ch.close();
        HELD.remove(key);
        throw held(output, holder, null);
      }
      String previousText = readAll(ch);
      Map<String, String> previous = parse(previousText);
      if (!previousText.isBlank() && !previous.containsKey("state")) {
        l.release();
        ch.close();
        HELD.remove(key);
        throw new KlsparkException(
            "a file "
                + file
                + " exists beside the output and is not a klspark lock file; klspark"
                + " would overwrite it: move it away, or choose another output");
      }
      if (!previous.isEmpty() && !"released".equals(previous.get("state"))) {
        LOG.warn(
            "taking over the lock {} of a run that is gone ({}): its output was left as it was",
            lock,
            describe(previous));
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(text(owner).getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(true);
      return new OutputLock(fs, lock, ch, l);
    } catch (IOException e) {
      HELD.remove(key);
      closeQuietly(ch);
      throw new KlsparkException("cannot take the lock " + lock + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      HELD.remove(key);
      closeQuietly(ch);
      throw e;
    }
  }

  static OutputLock acquireExclusiveFile(FileSystem fs, Path lock, Path output, String job) {
    Map<String, String> owner = owner(job);
    for (int attempt = 0; attempt < 2; attempt++) {
      try (OutputStream os = fs.create(lock, false)) {
        os.write(text(owner).getBytes(StandardCharsets.UTF_8));
        return new OutputLock(fs, lock, null, null);
      } catch (FileAlreadyExistsException e) {
        Map<String, String> holder = readHolder(fs, lock);
        if (attempt == 0 && deadOnThisHost(holder)) {
          LOG.warn(
              "taking over the lock {} of a run that is gone ({}): its output was left as it was",
              lock,
              describe(holder));
          try {
            fs.delete(lock, false);
          } catch (IOException d) {
            throw new KlsparkException(
                "cannot remove the stale lock " + lock + ": " + d.getMessage(), d);
          }
          continue;
        }
        throw held(output, describe(holder), "hdfs dfs -rm '" + lock + "'");
      } catch (IOException e) {
        if (e.getClass().getSimpleName().equals("FileAlreadyExistsException")) {
          throw held(output, describe(readHolder(fs, lock)), "hdfs dfs -rm '" + lock + "'");
        }
        throw new KlsparkException("cannot create the lock " + lock + ": " + e.getMessage(), e);
      }
    }
    throw new KlsparkException("cannot take the lock " + lock);
  }

  private static KlsparkException held(Path output, String holder, String removal) {
    String msg =
        String.format(
            Locale.ROOT,
            "output %s is locked by another klspark run (%s): wait for it to finish",
            output,
            holder);
    if (removal != null) {
      msg += "; if that run was killed on another host, remove the lock: " + removal;
    }
    return new KlsparkException(msg);
  }

  /** Whether the holder ran on this host and its process is gone (or the pid was reused). */
  static boolean deadOnThisHost(Map<String, String> holder) {
    if (!host().equals(holder.get("host"))) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(holder.getOrDefault("pid", ""));
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return true;
    }
    String started = holder.get("process_started");
    Optional<Instant> actual = p.get().info().startInstant();
    return started != null && actual.isPresent() && !actual.get().toString().equals(started);
  }

  private static Map<String, String> owner(String job) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("state", "held");
    m.put("job", job);
    m.put("user", System.getProperty("user.name"));
    m.put("host", host());
    m.put("pid", Long.toString(ProcessHandle.current().pid()));
    m.put(
        "process_started",
        ProcessHandle.current().info().startInstant().map(Instant::toString).orElse("unknown"));
    m.put("locked", Instant.now().toString());
    return m;
  }

  private static String text(Map<String, String> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  private static Map<String, String> parse(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    if (s == null) {
      return m;
    }
    Properties p = new Properties();
    try {
      p.load(new java.io.StringReader(s));
    } catch (IOException | IllegalArgumentException e) {
      return m;
    }
    for (String k :
        new String[] {"state", "job", "user", "host", "pid", "process_started", "locked"}) {
      if (p.getProperty(k) != null) {
        m.put(k, p.getProperty(k));
      }
    }
    return m;
  }

  private static String describe(Map<String, String> m) {
    if (m == null || m.isEmpty()) {
      return "holder unknown";
    }
    return String.format(
        Locale.ROOT,
        "%s by user %s, host %s, pid %s, since %s",
        m.getOrDefault("job", "a job"),
        m.getOrDefault("user", "?"),
        m.getOrDefault("host", "?"),
        m.getOrDefault("pid", "?"),
        m.getOrDefault("locked", "?"));
  }

  private static String readAll(FileChannel ch) throws IOException {
    long size = Math.min(ch.size(), 65536);
    ByteBuffer b = ByteBuffer.allocate((int) size);
    ch.read(b, 0);
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  private static Map<String, String> readHolder(FileSystem fs, Path lock) {
    try (InputStream in = fs.open(lock)) {
      return parse(new String(in.readNBytes(65536), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Map.of();
    }
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing left to do
      }
    }
  }

  /** The lock file. */
  public Path path() {
    return path;
  }

  /** Releases the lock (idempotent). */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    if (channel != null) {
      try {
        Map<String, String> released = new LinkedHashMap<>();
        released.put("state", "released");
        released.put("released", Instant.now().toString());
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text(released).getBytes(StandardCharsets.UTF_8)), 0);
        osLock.release();
      } catch (IOException e) {
        LOG.warn("cannot mark the lock {} released: {}", path, e.getMessage());
      } finally {
        closeQuietly(channel);
        HELD.remove(LocalPaths.of(fs, path).toAbsolutePath().normalize().toString());
      }
      return;
    }
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("cannot delete the lock {}: {}; remove it by hand", path, e.getMessage());
    }
  }
}
