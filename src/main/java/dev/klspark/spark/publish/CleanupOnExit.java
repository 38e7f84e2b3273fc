package dev.klspark.spark.publish;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging directories and locks a run holds right now, so that an interrupted run (SIGINT,
 * SIGTERM) removes its staging directories and releases its locks before the JVM exits, leaving the
 * previous outputs as they were. {@link OutputCommit} and {@link OwnedOutput} register themselves
 * while open; the jobs' signal handler calls {@link #runAll()}.
 */
public final class CleanupOnExit {
  private static final Logger LOG = LoggerFactory.getLogger(CleanupOnExit.class);
  private static final Set<AutoCloseable> OPEN = Collections.synchronizedSet(new LinkedHashSet<>());
  private static final List<Sweepable> CLOSED = Collections.synchronizedList(new ArrayList<>());

  /**
   * Something whose cleanup is worth repeating: a late writer may have recreated what it removed.
   */
  interface Sweepable {
    /** Removes again what {@code close()} removed, if it reappeared. */
    void sweep();
  }

  private CleanupOnExit() {}

  /**
   * A resource's entry in the list, closed once. The resource keeps one: {@link #open()} when it is
   * ready (its {@code close()} then runs on SIGINT/SIGTERM), and {@link #close()} first thing in
   * its own {@code close()}, which goes on only the first time.
   */
  static final class Registration {
    private final AutoCloseable owner;
    private boolean closed;

    /** An entry for {@code owner}, not yet in the list. */
    Registration(AutoCloseable owner) {
      this.owner = owner;
    }

    /** Puts the owner in the list. */
    void open() {
      OPEN.add(owner);
    }

    /**
     * Marks the owner closed and takes it off the list.
     *
     * @return true the first time; false when it was closed already (nothing left to do)
     */
    synchronized boolean close() {
      if (closed) {
        return false;
      }
      closed = true;
      OPEN.remove(owner);
      return true;
    }

    /** Whether {@link #close()} was called. */
    synchronized boolean isClosed() {
      return closed;
    }
  }

  /** Closes everything still open, newest first (staging directories before their locks). */
  public static void runAll() {
    List<AutoCloseable> open;
    synchronized (OPEN) {
      open = new ArrayList<>(OPEN);
    }
    Collections.reverse(open);
    for (AutoCloseable c : open) {
      if (c instanceof Sweepable sw) {
        CLOSED.add(sw);
      }
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("cleanup of {} failed: {}", c, e.getMessage());
      }
    }
  }

  /**
   * Repeats the cleanup of what {@link #runAll()} closed: a task or driver thread that was already
   * writing when the signal came may have recreated a staging directory after it was removed.
   */
  public static void sweepAgain() {
    List<Sweepable> closed;
    synchronized (CLOSED) {
      closed = new ArrayList<>(CLOSED);
    }
    for (Sweepable sw : closed) {
      try {
        sw.sweep();
      } catch (RuntimeException e) {
        LOG.warn("second cleanup of {} failed: {}", sw, e.getMessage());
      }
    }
  }
}
