package dev.klspark.math;

import java.util.Arrays;

/**
 * A queue of distinct values in increasing order, each with a count and one more long: the sliding
 * windows of the streamed nearest-neighbour estimators ({@link NearestNeighbours}). Primitive
 * arrays, amortised O(1) per operation, indexed from the oldest element.
 */
final class ValueBlocks {
  private double[] values = new double[16];
  private long[] counts = new long[16];
  private long[] extras = new long[16];
  private int head;
  private int size;

  void add(double value, long count, long extra) {
    if (head + size == values.length) {
      if (head > values.length / 2) {
        System.arraycopy(values, head, values, 0, size);
        System.arraycopy(counts, head, counts, 0, size);
        System.arraycopy(extras, head, extras, 0, size);
      } else {
        values = Arrays.copyOfRange(values, head, head + 2 * values.length);
        counts = Arrays.copyOfRange(counts, head, head + 2 * counts.length);
        extras = Arrays.copyOfRange(extras, head, head + 2 * extras.length);
      }
      head = 0;
    }
    values[head + size] = value;
    counts[head + size] = count;
    extras[head + size] = extra;
    size++;
  }

  void removeFirst() {
    head++;
    size--;
    if (size == 0) {
      head = 0;
    }
  }

  int size() {
    return size;
  }

  double value(int i) {
    return values[head + i];
  }

  long count(int i) {
    return counts[head + i];
  }

  long extra(int i) {
    return extras[head + i];
  }
}
