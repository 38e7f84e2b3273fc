package dev.klspark.spark.report;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a job's output directory all at once, so that a reader sees either the previous
 * complete output or the new complete one, never a half-written one.
 *
 * <p>The job writes everything under a hidden staging directory next to the target ({@code
 * .NAME.staging-UUID}; names starting with a dot are ignored by Spark and Hadoop readers). {@link
 * #commit()} then renames the current output aside ({@code .NAME.old-UUID}), renames the staging
 * directory into place and deletes the old one. Renames are atomic on HDFS and local file systems;
 * the only window is between the two renames, where the path is briefly absent (never partial). A
 * run that fails deletes its staging directory ({@link #close()}); one that was killed leaves it
 * hidden, and the next run on the same output deletes such leftovers and, if a kill fell between
 * the two renames, restores the previous output first. Runs writing the same output at the same
 * time are not supported.
 */
public final class OutputCommit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputCommit.class);

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final boolean createdParent;
  private boolean committed;

  private OutputCommit(FileSystem fs, Path target, Path staging, boolean createdParent) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
    this.createdParent = createdParent;
  }

  /**
   * Starts a commit: recovers from an earlier killed run and creates a fresh staging directory.
   *
   * @param spark the session whose Hadoop configuration resolves the path
   * @param output the output directory (any Hadoop file system URI or local path)
   * @throws KlsparkException if the file system cannot be reached or the staging directory cannot
   *     be created
   */
  public static OutputCommit begin(SparkSession spark, String output) {
    return begin(spark.sparkContext().hadoopConfiguration(), output);
  }

  /**
   * As {@link #begin(SparkSession, String)}, with the Hadoop configuration given directly.
   *
   * @param conf the Hadoop configuration that resolves the path
   * @param output the output directory (any Hadoop file system URI or local path)
   */
  public static OutputCommit begin(Configuration conf, String output) {
    try {
      Path target = new Path(output);
      FileSystem fs = target.getFileSystem(conf);
      target = fs.makeQualified(target);
      Path parent = target.getParent();
      String name = target.getName();
      boolean parentExisted = fs.exists(parent);
      if (parentExisted) {
        recover(fs, parent, name, target);
      }
      Path staging = new Path(parent, "." + name + ".staging-" + UUID.randomUUID());
      if (!fs.mkdirs(staging)) {
        throw new KlsparkException("cannot create staging directory " + staging);
      }
      return new OutputCommit(fs, target, staging, !parentExisted);
    } catch (IOException e) {
      throw new KlsparkException("cannot prepare output " + output + ": " + e.getMessage(), e);
    }
  }

  private static void recover(FileSystem fs, Path parent, String name, Path target)
      throws IOException {
    FileStatus[] leftovers = fs.globStatus(new Path(parent, "." + name + ".*-*"));
    if (leftovers == null) {
      return;
    }
    for (FileStatus s : leftovers) {
      String n = s.getPath().getName();
      if (n.startsWith("." + name + ".old-") && !fs.exists(target)) {
        LOG.warn("restoring {} from an interrupted commit ({})", target, s.getPath());
        fs.rename(s.getPath(), target);
      } else if (n.startsWith("." + name + ".staging-") || n.startsWith("." + name + ".old-")) {
        LOG.info("deleting leftover {} of an interrupted run", s.getPath());
        fs.delete(s.getPath(), true);
      }
    }
  }

  /** The directory to write into; it becomes the output on {@link #commit()}. */
  public String staging() {
    return staging.toString();
  }

  /** The final output directory. */
  public String target() {
    return target.toString();
  }

  /**
   * Publishes the staging directory as the output, replacing the previous output.
   *
   * @throws KlsparkException if a rename fails (the previous output is then left in place)
   */
  public void commit() {
    try {
      Path old = null;
      if (fs.exists(target)) {
        old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
        if (!fs.rename(target, old)) {
          throw new KlsparkException("cannot move the previous output " + target + " aside");
        }
      }
      if (!fs.rename(staging, target)) {
        if (old != null) {
          fs.rename(old, target);
        }
        throw new KlsparkException("cannot move " + staging + " to " + target);
      }
      committed = true;
      if (old != null) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new KlsparkException("cannot publish output " + target + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the staging directory (and a parent this commit created) unless committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        fs.delete(staging, true);
        Path parent = staging.getParent();
        if (createdParent && fs.listStatus(parent).length == 0) {
          fs.delete(parent, false);
        }
      } catch (IOException e) {
        LOG.warn("cannot delete staging directory {}: {}", staging, e.getMessage());
      }
    }
  }
}
