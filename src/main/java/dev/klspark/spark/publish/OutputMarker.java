package dev.klspark.spark.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.klspark.KlsparkException;
import dev.klspark.Messages;
import dev.klspark.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The file {@value #NAME} that klspark writes last into every directory it publishes: which job
 * wrote it, with which klspark version, in which run and when, and the manifest of every file the
 * directory held at publication (relative path and length). It is what makes a directory klspark's
 * own: a job replaces an existing output only when it holds this marker naming the same job ({@link
 * OutputGuard}). The manifest tells a complete output from one that a failed copy left
 * half-emptied, so that recovery never deletes the only complete copy ({@link OutputCommit}).
 *
 * <p>Names starting with {@code _} are ignored by Spark's and Hadoop's file readers, so the marker
 * never shows up as data.
 *
 * @param job the job that wrote the directory ({@code kl-report}, {@code mle-report}, {@code
 *     data-quality})
 * @param klsparkVersion klspark's version
 * @param runId the run's identifier (a UUID)
 * @param written when the marker was written (UTC, ISO-8601)
 * @param files every other file of the directory at publication: path relative to the directory to
 *     length in bytes
 */
public record OutputMarker(
    String job, String klsparkVersion, String runId, String written, Map<String, Long> files) {

  /** The marker's file name. */
  public static final String NAME = "_KLSPARK.json";

  /**
   * The markup near the top of every HTML page klspark writes: what tells a page klspark may
   * replace (data-quality's {@code runs/index.html}) from a user's file of the same name.
   */
  public static final String HTML_MARK = "<meta name=\"generator\" content=\"klspark\">";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The JSON field names, as written. */
  private record Json(
      String job, String klspark_version, String run_id, String written, Map<String, Long> files) {}

  /**
   * Writes the marker of {@code dir}, listing every file under it (so it must be the last file
   * written there).
   *
   * @throws KlsparkException if the directory cannot be listed or the marker cannot be written
   */
  public static OutputMarker write(FileSystem fs, Path dir, String job, String runId) {
    try {
      Map<String, Long> files = listFiles(fs, dir);
      OutputMarker m =
          new OutputMarker(job, Versions.klspark(), runId, Instant.now().toString(), files);
      try (OutputStream os = fs.create(new Path(dir, NAME), true)) {
        JSON.writeValue(
            os, new Json(m.job(), m.klsparkVersion(), m.runId(), m.written(), m.files()));
      }
      return m;
    } catch (IOException e) {
      throw new KlsparkException("cannot write " + new Path(dir, NAME) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the marker of a container directory whose parts are published one by one (each with a
   * marker of its own): no manifest, since its content grows from run to run. Written once, by the
   * first run, before its first part is published; never rewritten.
   *
   * @throws KlsparkException if the marker cannot be written
   */
  public static OutputMarker writeContainer(FileSystem fs, Path dir, String job, String runId) {
    OutputMarker m =
        new OutputMarker(job, Versions.klspark(), runId, Instant.now().toString(), Map.of());
    try (OutputStream os = fs.create(new Path(dir, NAME), false)) {
      JSON.writeValue(os, new Json(m.job(), m.klsparkVersion(), m.runId(), m.written(), m.files()));
      return m;
    } catch (IOException e) {
      throw new KlsparkException("cannot write " + new Path(dir, NAME) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The marker of {@code dir}, or empty when it has none.
   *
   * @throws KlsparkException when a marker exists but cannot be read or parsed (then nobody can
   *     tell what the directory is, and it is not replaced)
   */
  public static Optional<OutputMarker> read(FileSystem fs, Path dir) {
    Path p = new Path(dir, NAME);
    try {
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      // Raw: a marker edited by hand (its hidden .crc now stale) is still read.
      try (InputStream in = raw(fs).open(p)) {
        Json j = JSON.readValue(in, Json.class);
        if (j.job() == null) {
          throw new IOException("no job field");
        }
        return Optional.of(
            new OutputMarker(
                j.job(),
                j.klspark_version(),
                j.run_id(),
                j.written(),
                j.files() == null ? Map.of() : j.files()));
      }
    } catch (IOException e) {
      throw new KlsparkException(
          "cannot read the klspark marker "
              + p
              + " ("
              + Messages.reason(e.getMessage())
              + "); it is not replaced: check the directory and remove it yourself if it is not"
              + " needed",
          e);
    }
  }

  /**
   * Whether {@code dir} still holds every file of its marker's manifest with the recorded length,
   * i.e. is a complete klspark output. False when it has no marker or the marker is unreadable.
   */
  public static boolean complete(FileSystem fs, Path dir) {
    try {
      if (!fs.exists(new Path(dir, NAME))) {
        return false;
      }
      Optional<OutputMarker> m = read(fs, dir);
      if (m.isEmpty()) {
        return false;
      }
      Map<String, Long> now = listFiles(fs, dir);
      for (Map.Entry<String, Long> e : m.get().files().entrySet()) {
        if (!e.getValue().equals(now.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    } catch (IOException | KlsparkException e) {
      return false;
    }
  }

  /** Whether {@code file} holds {@code mark} within its first 8 KB. */
  static boolean holds(FileSystem fs, Path file, String mark) throws IOException {
    byte[] head = new byte[8192];
    int n = 0;
    try (InputStream in = raw(fs).open(file)) {
      int r;
      while (n < head.length && (r = in.read(head, n, head.length - n)) > 0) {
        n += r;
      }
    }
    return new String(head, 0, n, java.nio.charset.StandardCharsets.UTF_8).contains(mark);
  }

  /** The file system without Hadoop's checksum layer (which hides and verifies .crc files). */
  public static FileSystem raw(FileSystem fs) {
    return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  /**
   * The files under {@code dir} that its marker's manifest does not list (relative paths), with the
   * checksum sidecars of listed files ({@code .NAME.crc}) counted as listed; empty when the
   * directory holds exactly what klspark published. Read through the raw file system, so hidden
   * files a checksum file system would hide are seen too.
   */
  public static java.util.List<String> unlisted(FileSystem fs, Path dir, OutputMarker marker)
      throws IOException {
    java.util.List<String> extra = new java.util.ArrayList<>();
    for (String rel : filesUnder(raw(fs), dir).keySet()) {
      if (rel.equals(NAME) || rel.equals("." + NAME + ".crc") || marker.files().containsKey(rel)) {
        continue;
      }
      int slash = rel.lastIndexOf('/');
      String name = rel.substring(slash + 1);
      String dirPart = slash < 0 ? "" : rel.substring(0, slash + 1);
      if (name.startsWith(".") && name.endsWith(".crc")) {
        String data = dirPart + name.substring(1, name.length() - 4);
        if (marker.files().containsKey(data) || data.equals(NAME)) {
          continue;
        }
      }
      extra.add(rel);
    }
    return extra;
  }

  /** The published files under {@code dir}: every file but the marker and checksum sidecars. */
  private static Map<String, Long> listFiles(FileSystem fs, Path dir) throws IOException {
    Map<String, Long> files = filesUnder(fs, dir);
    files.keySet().removeIf(rel -> rel.equals(NAME) || rel.endsWith(".crc"));
    return files;
  }

  /**
   * Every file under {@code dir} (recursively), by its path relative to {@code dir}, with its
   * length; sorted by that path.
   */
  private static Map<String, Long> filesUnder(FileSystem fs, Path dir) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    Path root = fs.makeQualified(dir);
    String prefix = root.toUri().getPath();
    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus s = it.next();
      String p = s.getPath().toUri().getPath();
      files.put(
          p.startsWith(prefix) ? p.substring(prefix.length()) : s.getPath().getName(), s.getLen());
    }
    return files;
  }
}
