package dev.klspark.spark.engine;

import java.util.ArrayList;
import java.util.Arrays;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The categories one task of the per-group step has read ({@link GroupStream}): each distinct
 * category (up to {@value #KNOWN}) decoded into a {@code String} once, given an id (its index in
 * the order first read) and ranked in Spark's string order, so that two cells compare by their
 * ranks and a group's cells can be added up in arrays indexed by id ({@link MergedCells}). A
 * category beyond those is decoded each time, has id -1 and is compared by its bytes. A report's
 * categories repeat in every group.
 *
 * <p>Lookups go through an open-addressing table keyed by a hash of the bytes as stored (no copy,
 * no decoding): one per cell read, so it is on the step's hottest path.
 */
final class PartitionCategories {

  /** A category: its UTF-8 bytes (owned), its text, its id among the known (-1 beyond those). */
  record Category(UTF8String bytes, String text, int id) {}

  /** How many distinct categories a task keeps decoded and ranked. */
  static final int KNOWN = 4096;

  /** The known categories by id. */
  private final ArrayList<Category> byId = new ArrayList<>();

  /** The known categories in Spark's string order. */
  private final ArrayList<Category> sorted = new ArrayList<>();

  /** Per known category's id, its index in {@link #sorted}. */
  private int[] ranks = new int[16];

  /** Open addressing, linear probing: a known category, or null; at most half full. */
  private Category[] table = new Category[64];

  /** The hash of each slot's category. */
  private int[] hashes = new int[64];

  /** The text of {@code category}, or null. */
  static String textOf(Category category) {
    return category == null ? null : category.text();
  }

  /** How many categories are known (their ids are 0 to this, exclusive). */
  int size() {
    return byId.size();
  }

  /** The known category of id {@code id}. */
  Category byId(int id) {
    return byId.get(id);
  }

  /** The rank in Spark's string order of the known category of id {@code id}. */
  int rank(int id) {
    return ranks[id];
  }

  /** The category of {@code bytes} (possibly a reused row's: copied when kept). */
  Category of(UTF8String bytes) {
    int h = hash(bytes);
    int mask = table.length - 1;
    int slot = h & mask;
    for (Category c = table[slot]; c != null; c = table[slot]) {
      if (hashes[slot] == h && sameBytes(c.bytes(), bytes)) {
        return c;
      }
      slot = (slot + 1) & mask;
    }
    UTF8String owned = bytes.copy();
    if (byId.size() >= KNOWN) {
      return new Category(owned, owned.toString(), -1);
    }
    Category c = new Category(owned, owned.toString(), byId.size());
    byId.add(c);
    table[slot] = c;
    hashes[slot] = h;
    if (2 * byId.size() > table.length) {
      grow();
    }
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (GroupStream.compareBytes(sorted.get(mid).bytes(), owned) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    sorted.add(lo, c);
    if (c.id() >= ranks.length) {
      ranks = Arrays.copyOf(ranks, 2 * ranks.length);
    }
    for (int i = lo; i < sorted.size(); i++) {
      ranks[sorted.get(i).id()] = i;
    }
    return c;
  }

  /** Spark's string order, nulls first: by rank when both are known, else by their bytes. */
  int compare(Category a, Category b) {
    if (a == b) {
      return 0;
    }
    if (a == null || b == null) {
      return a == null ? -1 : 1;
    }
    if (a.id() >= 0 && b.id() >= 0) {
      return Integer.compare(ranks[a.id()], ranks[b.id()]);
    }
    return GroupStream.compareBytes(a.bytes(), b.bytes());
  }

  private void grow() {
    Category[] old = table;
    int[] oldHashes = hashes;
    table = new Category[2 * old.length];
    hashes = new int[table.length];
    int mask = table.length - 1;
    for (int i = 0; i < old.length; i++) {
      if (old[i] != null) {
        int slot = oldHashes[i] & mask;
        while (table[slot] != null) {
          slot = (slot + 1) & mask;
        }
        table[slot] = old[i];
        hashes[slot] = oldHashes[i];
      }
    }
  }

  /**
   * A hash of the UTF-8 bytes, read in place: the bytes of a short string (a category's usual
   * length) one by one, a long one by Spark's Murmur3 (as {@code UTF8String.hashCode}).
   */
  static int hash(UTF8String s) {
    int n = s.numBytes();
    if (n > 16) {
      return s.hashCode();
    }
    Object base = s.getBaseObject();
    long offset = s.getBaseOffset();
    int h = n;
    for (int i = 0; i < n; i++) {
      h = 31 * h + Platform.getByte(base, offset + i);
    }
    return h ^ (h >>> 16);
  }

  /** Whether two strings hold the same UTF-8 bytes. */
  static boolean sameBytes(UTF8String a, UTF8String b) {
    int n = a.numBytes();
    if (n != b.numBytes()) {
      return false;
    }
    if (n > 16) {
      return ByteArrayMethods.arrayEquals(
          a.getBaseObject(), a.getBaseOffset(), b.getBaseObject(), b.getBaseOffset(), n);
    }
    Object aBase = a.getBaseObject();
    Object bBase = b.getBaseObject();
    long aOffset = a.getBaseOffset();
    long bOffset = b.getBaseOffset();
    for (int i = 0; i < n; i++) {
      if (Platform.getByte(aBase, aOffset + i) != Platform.getByte(bBase, bOffset + i)) {
        return false;
      }
    }
    return true;
  }
}
