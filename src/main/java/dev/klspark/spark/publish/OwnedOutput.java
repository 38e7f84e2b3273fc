package dev.klspark.spark.publish;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A job's claim on its output location for one run, taken before any Spark work: the path is
 * qualified and checked against every input ({@link OutputGuard#refuseOverlap}), the output's
 * {@link OutputLock} is taken, and the location is checked to be absent, empty or this job's own
 * output ({@link OutputGuard#refuseForeign}). Any refusal throws before anything is created. Close
 * it when the run ends, whatever happened: it releases the lock and removes a parent directory that
 * this claim created and that stayed empty.
 *
 * <p>Use {@link #commit()} for a job whose whole output is replaced at once (kl-report,
 * mle-report); data-quality, whose output is a container of dated parts, publishes each part with
 * {@link #commitInside} and marks the container with {@link #markContainer()}.
 */
public final class OwnedOutput implements AutoCloseable {
  private final FileSystem fs;
  private final Path path;
  private final String job;
  private final String runId = UUID.randomUUID().toString();
  private final Path createdDir;
  private final OutputLock lock;
  private final boolean lockCreated;
  private boolean replaces;
  private final java.util.List<OutputCommit> commits = new java.util.ArrayList<>();
  private boolean markedContainer;
  private final CleanupOnExit.Registration registration = new CleanupOnExit.Registration(this);

  private OwnedOutput(
      FileSystem fs, Path path, String job, Path createdDir, OutputLock lock, boolean lockCreated) {
    this.fs = fs;
    this.path = path;
    this.job = job;
    this.createdDir = createdDir;
    this.lock = lock;
    this.lockCreated = lockCreated;
  }

  /**
   * Claims {@code output} for {@code job}.
   *
   * @param flag the flag naming the output, for messages ({@code --output})
   * @param inputs every input of the run (input, model tables, reference input, job file)
   * @throws dev.klspark.UsageException if the path is empty
   * @throws KlsparkException if the output overlaps an input, is held by another run, or exists and
   *     is not this job's output
   */
  public static OwnedOutput claim(
      Configuration conf, String job, String output, String flag, List<OutputGuard.Input> inputs) {
    Path q = OutputGuard.qualify(conf, output, flag);
    OutputGuard.refuseOverlap(conf, q, flag, inputs);
    FileSystem fs;
    try {
      fs = q.getFileSystem(conf);
    } catch (IOException e) {
      throw new KlsparkException("cannot reach " + q + ": " + e.getMessage(), e);
    }
    // Refuse a foreign output before creating anything (even the lock's parent directory).
    OutputGuard.refuseForeign(fs, q, flag, job);
    Path created = firstMissingAncestor(fs, q.getParent());
    try {
      if (created != null && !fs.mkdirs(q.getParent())) {
        throw new KlsparkException("cannot create the directory " + q.getParent());
      }
    } catch (IOException e) {
      throw new KlsparkException(
          "cannot create the directory " + q.getParent() + ": " + e.getMessage(), e);
    }
    OutputLock lock;
    boolean lockExisted;
    try {
      lockExisted = fs.exists(OutputLock.lockPath(q));
    } catch (IOException e) {
      lockExisted = true;
    }
    try {
      lock = OutputLock.acquire(fs, q, job);
    } catch (RuntimeException e) {
      removeIfEmpty(fs, created);
      throw e;
    }
    OwnedOutput owned = new OwnedOutput(fs, q, job, created, lock, !lockExisted);
    owned.registration.open();
    try {
      // Again under the lock: the location cannot change under us from here on.
      owned.replaces = OutputGuard.refuseForeign(fs, q, flag, job);
      return owned;
    } catch (RuntimeException e) {
      owned.close();
      throw e;
    }
  }

  private static Path firstMissingAncestor(FileSystem fs, Path dir) {
    Path missing = null;
    try {
      for (Path p = dir; p != null && !fs.exists(p); p = p.getParent()) {
        missing = p;
      }
    } catch (IOException e) {
      return null;
    }
    return missing;
  }

  private static void removeIfEmpty(FileSystem fs, Path created) {
    if (created == null) {
      return;
    }
    try {
      // Only directories this claim created, and only while nothing but our lock files is left.
      if (fs.exists(created) && onlyLockFiles(fs, created)) {
        fs.delete(created, true);
      }
    } catch (IOException ignored) {
      // a leftover empty directory is harmless
    }
  }

  private static boolean onlyMarker(FileSystem fs, Path dir) throws IOException {
    for (var s : OutputMarker.raw(fs).listStatus(dir)) {
      String n = s.getPath().getName();
      if (!n.equals(OutputMarker.NAME) && !n.equals("." + OutputMarker.NAME + ".crc")) {
        return false;
      }
    }
    return true;
  }

  private static boolean onlyLockFiles(FileSystem fs, Path dir) throws IOException {
    for (var s : fs.listStatus(dir)) {
      if (s.isDirectory()) {
        if (!onlyLockFiles(fs, s.getPath())) {
          return false;
        }
      } else if (!s.getPath().getName().endsWith(".lock")) {
        return false;
      }
    }
    return true;
  }

  /** The qualified output path. */
  public Path path() {
    return path;
  }

  /** The output's file system. */
  public FileSystem fs() {
    return fs;
  }

  /** Whether the location holds an earlier output of this job (which a commit replaces). */
  public boolean replaces() {
    return replaces;
  }

  /** This run's identifier (recorded in every marker it writes). */
  public String runId() {
    return runId;
  }

  /** A commit that replaces the whole output ({@code OUTPUT} itself). */
  public synchronized OutputCommit commit() {
    OutputCommit c = OutputCommit.begin(fs, path, job, runId);
    commits.add(c);
    return c;
  }

  /** A commit of one directory inside the output (e.g. {@code history/report_date=D}). */
  public synchronized OutputCommit commitInside(String relative) {
    OutputCommit c = OutputCommit.begin(fs, new Path(path, relative), job, runId);
    commits.add(c);
    return c;
  }

  /**
   * Publishes one file inside the output (e.g. data-quality's {@code runs/index.html}), replacing
   * the previous version in one rename: the bytes go to a hidden {@code .NAME.staging-UUID} file
   * beside it first, so a reader sees the old file or the new one, never a part. A file that is not
   * klspark's (it does not contain {@code mark}, e.g. a page a user put there) is never replaced:
   * then nothing is written and the method returns false. Leftover staging files of killed runs
   * (only names this method makes) are deleted. Needs this claim's lock, which it holds.
   *
   * @param relative the file's path relative to the output; its directory must exist
   * @param mark a text every version klspark writes contains (within its first 8 KB)
   * @return whether the file was published
   * @throws KlsparkException if the file cannot be written or moved into place
   */
  public synchronized boolean publishFile(String relative, byte[] content, String mark) {
    Path target = new Path(path, relative);
    Path dir = target.getParent();
    FileSystem raw = OutputMarker.raw(fs);
    String name = target.getName();
    java.util.regex.Pattern leftover =
        java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote("." + name + ".staging-") + "[0-9a-f-]{36}");
    Path staging = new Path(dir, "." + name + ".staging-" + UUID.randomUUID());
    try {
      for (var st : raw.listStatus(dir)) {
        if (st.isFile() && leftover.matcher(st.getPath().getName()).matches()) {
          raw.delete(st.getPath(), false);
        }
      }
      if (raw.exists(target) && !OutputMarker.holds(raw, target, mark)) {
        return false;
      }
      try (java.io.OutputStream os = raw.create(staging, false)) {
        os.write(content);
      }
      if ("file".equals(fs.getUri().getScheme())) {
        java.nio.file.Files.move(
            LocalPaths.of(fs, staging),
            LocalPaths.of(fs, target),
            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } else {
        raw.delete(target, false);
        if (!raw.rename(staging, target)) {
          throw new IOException("the file system refused to rename " + staging);
        }
      }
      return true;
    } catch (IOException e) {
      try {
        raw.delete(staging, false);
      } catch (IOException ignored) {
        // the next run deletes it
      }
      throw new KlsparkException("cannot publish " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes the output a container of this job (data-quality's output root): writes its marker if it
   * has none yet. Call before the first part is published, so that a failure can never leave parts
   * without a marker.
   */
  public synchronized void markContainer() {
    try {
      if (fs.exists(new Path(path, OutputMarker.NAME))) {
        return;
      }
      fs.mkdirs(path);
    } catch (IOException e) {
      throw new KlsparkException("cannot create " + path + ": " + e.getMessage(), e);
    }
    OutputMarker.writeContainer(fs, path, job, runId);
    markedContainer = true;
  }

  /**
   * Releases the lock; removes the parent directories this claim created if nothing was published.
   */
  @Override
  public synchronized void close() {
    if (!registration.close()) {
      return;
    }
    lock.close();
    boolean published = commits.stream().anyMatch(OutputCommit::committed);
    try {
      if (!published && markedContainer && onlyMarker(fs, path)) {
        // The first run of a container that published nothing: remove what it created.
        fs.delete(path, true);
      }
      // A run that published nothing leaves no trace: not even the lock file it created.
      if (lockCreated && !published) {
        fs.delete(lock.path(), false);
      }
    } catch (IOException ignored) {
      // a leftover lock file is harmless: it is not locked
    }
    removeIfEmpty(fs, published ? null : createdDir);
  }
}
