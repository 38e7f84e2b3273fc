package dev.klspark.spark.publish;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one output directory all at once, so that a reader sees either the previous complete
 * output or the new complete one, and so that no failure loses the previous one.
 *
 * <p>The job writes everything under a hidden staging directory next to the target ({@code
 * .NAME.staging-UUID}; names starting with a dot are ignored by Spark and Hadoop readers). {@link
 * #commit()} writes the {@link OutputMarker} (with the manifest of every file) into it last, moves
 * the current output aside ({@code .NAME.old-RUN}, named after the run's identifier), moves the
 * staging directory into place and deletes the old one.
 *
 * <ul>
 *   <li>Moves are renames that never fall back to copying: on the local file system {@link
 *       java.nio.file.Files#move} with {@code ATOMIC_MOVE} (Hadoop's local rename copies and
 *       deletes when a rename fails, e.g. on a mount point, which could empty the previous output);
 *       elsewhere {@link FileSystem#rename} (atomic on HDFS; a copy on object stores).
 *   <li>If moving the old output aside fails, it is where it was, untouched; if moving the new one
 *       in fails, the old one is moved back. Either way the run fails (exit 3) saying where the
 *       previous output is.
 *   <li>Recovery ({@link #begin}): a leftover staging directory of a killed run is deleted when it
 *       carries klspark's mark. A directory named like a backup is klspark's only when a marker
 *       records it: the marker of a killed run's staging directory (a kill between the two moves)
 *       or of the output beside it (a kill before the backup was deleted) holds the run identifier
 *       the backup is named after. Such a backup is moved back when the output is absent, deleted
 *       only when the output that recorded it is complete by its own manifest, and otherwise kept,
 *       with the run refused until someone checks them: the only complete copy is never deleted.
 *       Any other directory named like a backup is a user's, and is never moved or deleted.
 * </ul>
 *
 * <p>The caller must hold the output's {@link OutputLock} (or that of a directory containing it)
 * from {@link #begin} to {@link #close()}: recovery deletes staging directories, which is safe only
 * when no other run is writing one.
 */
public final class OutputCommit implements AutoCloseable, CleanupOnExit.Sweepable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputCommit.class);

  /** A rename that either happens completely or not at all. */
  @FunctionalInterface
  public interface Mover {
    /**
     * Moves {@code src} to {@code dst} (which must not exist).
     *
     * @throws IOException when the move did not happen
     */
    void move(FileSystem fs, Path src, Path dst) throws IOException;
  }

  /** The default {@link Mover}: atomic NIO moves locally, {@link FileSystem#rename} elsewhere. */
  public static final Mover RENAME =
      (fs, src, dst) -> {
        if ("file".equals(fs.getUri().getScheme())) {
          java.nio.file.Files.move(
              LocalPaths.of(fs, src), LocalPaths.of(fs, dst), StandardCopyOption.ATOMIC_MOVE);
        } else if (!fs.rename(src, dst)) {
          throw new IOException("the file system refused to rename " + src + " to " + dst);
        }
      };

  /** The file that marks a staging directory as klspark's; removed before publication. */
  static final String STAGING_MARK = "_KLSPARK_STAGING";

  private static final java.util.regex.Pattern STAGING =
      java.util.regex.Pattern.compile(
          "\\.staging-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** A run identifier, as backups are named after it. */
  private static final java.util.regex.Pattern RUN_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final String job;
  private final String runId;
  private final Mover mover;
  private boolean committed;

  /**
   * Set when the previous output could not be moved back after a failed publication: the staging
   * directory, whose marker records the backup, is then kept for the next run's recovery.
   */
  private boolean keepStaging;

  private final CleanupOnExit.Registration registration = new CleanupOnExit.Registration(this);

  private OutputCommit(
      FileSystem fs, Path target, Path staging, String job, String runId, Mover mover) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
    this.job = job;
    this.runId = runId;
    this.mover = mover;
  }

  /**
   * Starts a commit: recovers from an earlier killed run and creates a fresh staging directory.
   *
   * @param fs the target's file system
   * @param target the qualified output directory; its parent is created if absent
   * @param job the job name recorded in the marker
   * @param runId the run's identifier recorded in the marker, and the name of the backup of the
   *     previous output (letters, digits and {@code -}, e.g. a UUID); unique per run
   * @throws KlsparkException if recovery finds an incomplete output next to a previous copy, or the
   *     staging directory cannot be created
   */
  public static OutputCommit begin(FileSystem fs, Path target, String job, String runId) {
    return begin(fs, target, job, runId, RENAME);
  }

  /** As {@link #begin(FileSystem, Path, String, String)} with a given {@link Mover} (tests). */
  public static OutputCommit begin(
      FileSystem fs, Path target, String job, String runId, Mover mover) {
    if (!RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(
          "run id '" + runId + "': expected letters, digits and '-', e.g. a UUID");
    }
    try {
      Path parent = target.getParent();
      fs.mkdirs(parent);
      recover(fs, target, mover);
      Path staging = new Path(parent, "." + target.getName() + ".staging-" + UUID.randomUUID());
      if (!fs.mkdirs(staging)) {
        throw new KlsparkException("cannot create the staging directory " + staging);
      }
      // What makes a leftover staging directory klspark's (recovery deletes no other).
      fs.create(new Path(staging, STAGING_MARK), false).close();
      OutputCommit c = new OutputCommit(fs, target, staging, job, runId, mover);
      c.registration.open();
      return c;
    } catch (IOException e) {
      throw new KlsparkException("cannot prepare the output " + target + ": " + e.getMessage(), e);
    }
  }

  private static void recover(FileSystem fs, Path target, Mover mover) throws IOException {
    Path parent = target.getParent();
    String name = target.getName();
    FileStatus[] all = fs.globStatus(new Path(parent, "." + escape(name) + ".*-*"));
    if (all == null) {
      return;
    }
    String stagingPrefix = "." + name + ".staging-";
    String backupPrefix = "." + name + ".old-";
    // Staging directories of killed runs, only those carrying klspark's mark; the run identifiers
    // their markers record name the backups those runs made (a kill between the two moves).
    java.util.List<Path> stagings = new java.util.ArrayList<>();
    java.util.Set<String> stagedRuns = new java.util.HashSet<>();
    for (FileStatus s : all) {
      String n = s.getPath().getName();
      if (!s.isDirectory()
          || !n.startsWith(stagingPrefix)
          || !STAGING.matcher(n.substring(name.length() + 1)).matches()) {
        continue;
      }
      if (fs.exists(new Path(s.getPath(), STAGING_MARK))
          || fs.exists(new Path(s.getPath(), OutputMarker.NAME))
          || OutputMarker.raw(fs).listStatus(s.getPath()).length == 0) {
        stagings.add(s.getPath());
        runIdOf(fs, s.getPath()).ifPresent(stagedRuns::add);
      } else {
        LOG.warn(
            "keeping {}: named like a klspark staging directory, but not marked as one",
            s.getPath());
      }
    }
    // The run that published the output beside them records the backup it made (a kill before
    // the backup was deleted).
    String published = fs.exists(target) ? runIdOf(fs, target).orElse(null) : null;
    for (FileStatus s : all) {
      String n = s.getPath().getName();
      if (!s.isDirectory() || !n.startsWith(backupPrefix)) {
        continue;
      }
      String run = n.substring(backupPrefix.length());
      boolean byOutput = run.equals(published);
      if (!byOutput && !stagedRuns.contains(run)) {
        LOG.warn(
            "keeping {}: named like a klspark backup of {}, but no klspark run recorded it",
            s.getPath(),
            target);
        continue;
      }
      if (!fs.exists(target)) {
        LOG.warn("restoring {} from an interrupted commit ({})", target, s.getPath());
        try {
          mover.move(fs, s.getPath(), target);
        } catch (IOException e) {
          throw new KlsparkException(
              "the previous output "
                  + target
                  + " was left at "
                  + s.getPath()
                  + " by an interrupted run and cannot be moved back ("
                  + e.getMessage()
                  + "): move it back yourself",
              e);
        }
        published = runIdOf(fs, target).orElse(null);
      } else if (byOutput && OutputMarker.complete(fs, target)) {
        LOG.info("deleting {}: the output {} that replaced it is complete", s.getPath(), target);
        fs.delete(s.getPath(), true);
      } else {
        throw new KlsparkException(
            "the output "
                + target
                + " is incomplete or not klspark's, and an earlier copy of it is at "
                + s.getPath()
                + " (left by an interrupted or failed run): check both, keep the complete one as "
                + target
                + " and remove the other yourself; klspark deletes neither");
      }
    }
    // Last: a staging directory's marker is the record of its backup until that is handled.
    for (Path staging : stagings) {
      LOG.info("deleting leftover {} of an interrupted run", staging);
      fs.delete(staging, true);
    }
  }

  /** The run identifier in the marker of {@code dir}; empty without a readable marker. */
  private static java.util.Optional<String> runIdOf(FileSystem fs, Path dir) {
    try {
      return OutputMarker.read(fs, dir).map(OutputMarker::runId);
    } catch (KlsparkException e) {
      return java.util.Optional.empty();
    }
  }

  /** Escapes glob characters of a literal file name. */
  private static String escape(String name) {
    return name.replaceAll("([\\[\\]{}*?\\\\])", "\\\\$1");
  }

  /** The directory to write into; it becomes the output on {@link #commit()}. */
  public String staging() {
    return staging.toString();
  }

  /** The directory to write into, as a Hadoop path. */
  public Path stagingPath() {
    return staging;
  }

  /** The final output directory. */
  public String target() {
    return target.toString();
  }

  /**
   * Writes the marker, then publishes the staging directory as the output, replacing the previous
   * output.
   *
   * @throws KlsparkException if a move fails; the previous output is then where it was (or the
   *     message says where it is)
   */
  public synchronized void commit() {
    if (registration.isClosed()) {
      throw new KlsparkException("the run was interrupted before publishing " + target);
    }
    Path old = null;
    try {
      fs.delete(new Path(staging, STAGING_MARK), false);
      OutputMarker.write(fs, staging, job, runId);
      keepPermissions();
      if (fs.exists(target)) {
        // Named after this run, whose marker (now in the staging directory, then in the output)
        // is what makes the backup klspark's for a later recovery.
        old = new Path(target.getParent(), "." + target.getName() + ".old-" + runId);
        if (fs.exists(old)) {
          throw new KlsparkException(
              "cannot move the previous output "
                  + target
                  + " aside: "
                  + old
                  + " exists and is not a backup of this run; move it away. The output is"
                  + " unchanged, the new output was not published");
        }
        try {
          mover.move(fs, target, old);
        } catch (IOException e) {
          throw new KlsparkException(
              "cannot move the previous output "
                  + target
                  + " aside ("
                  + e.getMessage()
                  + "); it is unchanged, the new output was not published",
              e);
        }
      }
      try {
        mover.move(fs, staging, target);
      } catch (IOException e) {
        String where = "";
        if (old != null) {
          try {
            mover.move(fs, old, target);
            where = "; the previous output is back in place";
          } catch (IOException back) {
            // The staging directory's marker records the backup: kept, the next run restores it.
            keepStaging = true;
            where =
                "; the previous output is at "
                    + old
                    + ": move it back to "
                    + target
                    + " (the next run on it does so)";
          }
        }
        throw new KlsparkException(
            "cannot move the new output into " + target + " (" + e.getMessage() + ")" + where, e);
      }
      committed = true;
      if (old != null) {
        try {
          fs.delete(old, true);
        } catch (IOException e) {
          LOG.warn(
              "cannot delete the previous output {}: {}; the next run removes it",
              old,
              e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new KlsparkException("cannot publish the output " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * The new output gets the permissions and group of the directory it replaces (e.g. a directory a
   * user prepared with mode 700 for confidential output). Best effort: a failure is logged.
   */
  private void keepPermissions() {
    try {
      if (!fs.exists(target)) {
        return;
      }
      org.apache.hadoop.fs.FileStatus st = fs.getFileStatus(target);
      fs.setPermission(staging, st.getPermission());
      try {
        fs.setOwner(staging, null, st.getGroup());
      } catch (IOException e) {
        LOG.warn(
            "cannot give {} the group {} of {}: {}",
            staging,
            st.getGroup(),
            target,
            e.getMessage());
      }
    } catch (IOException e) {
      LOG.warn("cannot copy the permissions of {}: {}", target, e.getMessage());
    }
  }

  /** Whether {@link #commit()} published the output. */
  public synchronized boolean committed() {
    return committed;
  }

  /** After {@link #close()}: deletes the staging directory again if a late writer recreated it. */
  @Override
  public synchronized void sweep() {
    if (registration.isClosed() && !committed && !keepStaging) {
      try {
        if (fs.exists(staging)) {
          // This run's own staging directory (a random name it created), recreated by a writer
          // that was still running when the run was stopped.
          fs.delete(staging, true);
        }
      } catch (IOException e) {
        LOG.warn("cannot delete the staging directory {}: {}", staging, e.getMessage());
      }
    }
  }

  /** Deletes the staging directory unless committed (idempotent; also run on SIGINT/SIGTERM). */
  @Override
  public synchronized void close() {
    if (!registration.close()) {
      return;
    }
    if (!committed && !keepStaging) {
      try {
        fs.delete(staging, true);
      } catch (IOException e) {
        LOG.warn("cannot delete the staging directory {}: {}", staging, e.getMessage());
      }
    }
  }
}
