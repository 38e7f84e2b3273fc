package dev.klspark.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The largest heap this JVM keeps live, as seen by its garbage collector: a listener on every
 * {@link GarbageCollectorMXBean} records, for each collection, the heap used after it (the sum of
 * {@code getMemoryUsageAfterGc()} over the heap pools), and {@link #maxMegabytes()} is the maximum
 * since the last {@link #reset()}. {@link #reset()} first runs {@link System#gc()} and waits for
 * its notification, so every measurement starts from a collected heap and includes that baseline.
 * After a young collection the figure still counts old-generation garbage not yet collected: it is
 * an upper bound of the live heap, exact after full collections.
 */
final class DriverHeap implements NotificationListener, AutoCloseable {
  private static final String SYSTEM_GC = "System.gc()";
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private long maxBytes;
  private long systemGcs;
  private long lastSystemGcBytes;

  /** Starts listening to every collector of this JVM. */
  DriverHeap() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(this, null, null);
        emitters.add(e);
      }
    }
  }

  @Override
  public void handleNotification(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    synchronized (this) {
      maxBytes = Math.max(maxBytes, used);
      if (SYSTEM_GC.equals(info.getGcCause())) {
        systemGcs++;
        lastSystemGcBytes = used;
        notifyAll();
      }
    }
  }

  /**
   * Runs {@link System#gc()}, waits (up to 2 s) for its notification, and restarts the maximum at
   * the heap used after it; notifications of earlier collections that arrive late are dropped.
   * Without that notification (e.g. {@code -XX:+DisableExplicitGC}) the maximum restarts at the
   * heap used now.
   */
  void reset() {
    long before;
    synchronized (this) {
      before = systemGcs;
    }
    System.gc();
    synchronized (this) {
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (systemGcs == before) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      maxBytes =
          systemGcs != before
              ? lastSystemGcBytes
              : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
  }

  /** The largest heap used after a collection since {@link #reset()}, in MiB. */
  synchronized double maxMegabytes() {
    return maxBytes / (1024.0 * 1024.0);
  }

  /** Stops listening. */
  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(this);
      } catch (ListenerNotFoundException ignored) {
        // Already removed.
      }
    }
    emitters.clear();
  }
}
