package dev.klspark.spark.publish;

import dev.klspark.KlsparkException;
import dev.klspark.Messages;
import dev.klspark.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checks that run before a job touches anything: is the output location one that klspark may
 * replace, and does it stay clear of every input of the run? Both refuse with a {@link
 * KlsparkException} naming the path and what is there; nothing is created, moved or deleted.
 *
 * <p>An output location may be replaced only when it is absent, an empty directory, or a directory
 * that klspark wrote for the same job: it holds an {@link OutputMarker} naming the job, or (outputs
 * of klspark 0.1, written before the marker existed) only the entries that job writes and a {@code
 * summary.json} naming the job. Anything else (a file, a directory of other files, a different
 * job's output) is refused, and no flag makes klspark delete it. The same rule as Spark's {@code
 * SaveMode.ErrorIfExists}, except that a scheduled rerun replaces its own output.
 *
 * <p>Overlap: an output that equals, contains or lies inside an input would delete or change that
 * input. Paths are compared after qualification (relative paths and {@code file:} URIs resolved
 * against the working directory, {@code .} and {@code ..} removed) and, on the local file system,
 * after resolving symbolic links of the part of the path that exists. Glob inputs are compared by
 * their directory part before the first wildcard.
 */
public final class OutputGuard {
  /** What each job writes at the top of its output, for outputs written before the marker. */
  private static final Map<String, Set<String>> LEGACY_ENTRIES =
      Map.of(
          "kl-report", Set.of("report", "summary.json"),
          "mle-report", Set.of("report", "predictions", "gaussian", "summary.json"),
          "data-quality", Set.of("history", "runs", "bucket_edges.json", ".lock"),
          "gen-data", Set.of("rows", "model"));

  private OutputGuard() {}

  /** An input of the run, for the overlap check and its message. */
  public record Input(String what, String path) {}

  /**
   * Qualifies an output path: refuses an empty path and a file system root (which has no parent to
   * stage next to and could never be replaced safely).
   *
   * @param flag the flag that named it, for messages (e.g. {@code --output})
   * @throws UsageException if the path is empty, blank or not a valid path
   * @throws KlsparkException if it is a file system root or its file system cannot be reached
   */
  public static Path qualify(Configuration conf, String output, String flag) {
    if (output == null || output.isBlank()) {
      throw new UsageException(
          flag + " is empty; expected a directory path, e.g. " + flag + " out/report");
    }
    Path p;
    try {
      p = new Path(output);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          flag + " '" + output + "' is not a valid path: " + e.getMessage(), e);
    }
    FileSystem fs;
    try {
      fs = p.getFileSystem(conf);
    } catch (IOException | RuntimeException e) {
      String scheme = p.toUri().getScheme();
      throw new KlsparkException(
          "cannot reach the file system of "
              + flag
              + " '"
              + output
              + "'"
              + (scheme == null
                  ? ""
                  : " (no working Hadoop file system for the scheme '"
                      + scheme
                      + "' here; e.g. s3a needs hadoop-aws on the classpath)")
              + ": "
              + Messages.reason(e.getMessage()),
          e);
    }
    Path q = fs.makeQualified(p);
    if (q.getParent() == null || q.isRoot()) {
      throw new KlsparkException(
          flag
              + " '"
              + output
              + "' is the root of a file system; klspark writes its output"
              + " into a directory of its own: choose a new directory, e.g. "
              + flag
              + " /tmp/report");
    }
    String name = q.getName();
    for (char c : new char[] {'*', '?', '[', ']', '{', '}', ':', '\\'}) {
      if (name.indexOf(c) >= 0) {
        throw new UsageException(
            String.format(
                Locale.ROOT,
                "%s '%s': the name '%s' holds '%c', which Spark and Hadoop read as a pattern or"
                    + " a scheme; expected a plain directory name (letters, digits, - _ . and"
                    + " spaces)",
                flag,
                output,
                name,
                c));
      }
    }
    return q;
  }

  /**
   * Refuses an output that equals, contains or lies inside one of {@code inputs}.
   *
   * @throws KlsparkException naming the input and how the paths overlap
   */
  public static void refuseOverlap(
      Configuration conf, Path output, String flag, List<Input> inputs) {
    String out = canonical(conf, output);
    for (Input in : inputs) {
      if (in.path() == null || in.path().isBlank()) {
        continue;
      }
      String p;
      try {
        p = canonical(conf, new Path(globFree(in.path())));
      } catch (IllegalArgumentException e) {
        continue; // not a path at all: the reader reports it
      }
      String how = null;
      if (p.equals(out)) {
        how = "is the same path as";
      } else if (inside(p, out)) {
        how = "contains";
      } else if (inside(out, p)) {
        how = "lies inside";
      }
      if (how != null) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "%s %s %s the %s %s; replacing it would delete or change that input: choose an"
                    + " output outside every input",
                flag,
                output,
                how,
                in.what(),
                in.path()));
      }
    }
  }

  /**
   * Refuses an existing output location that klspark did not write for {@code job}.
   *
   * @return true when the location exists and will be replaced, false when it is absent or empty
   * @throws KlsparkException naming the path and what it holds
   */
  public static boolean refuseForeign(FileSystem fs, Path output, String flag, String job) {
    try {
      refuseInsideAnOutput(fs, output, flag);
      if ("file".equals(fs.getUri().getScheme())) {
        java.nio.file.Path local = LocalPaths.of(fs, output);
        if (Files.isSymbolicLink(local)) {
          throw new KlsparkException(
              String.format(
                  Locale.ROOT,
                  "%s %s is a symbolic link (to %s); klspark does not replace links: give the"
                      + " directory itself as %s",
                  flag,
                  output,
                  Files.readSymbolicLink(local),
                  flag));
        }
      }
      if (!fs.exists(output)) {
        return false;
      }
      FileStatus st = fs.getFileStatus(output);
      if (!st.isDirectory()) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "%s %s exists and is a file, not a %s output: choose another %s or remove it yourself",
                flag,
                output,
                job,
                flag));
      }
      // Raw listing: a checksum file system would hide files named .X.crc.
      FileStatus[] entries = OutputMarker.raw(fs).listStatus(output);
      if (entries.length == 0) {
        return false;
      }
      var marker = OutputMarker.read(fs, output);
      if (marker.isPresent()) {
        if (!marker.get().job().equals(job)) {
          throw new KlsparkException(
              String.format(
                  Locale.ROOT,
                  "%s %s is a %s output (written %s), not a %s output: choose another %s",
                  flag,
                  output,
                  marker.get().job(),
                  marker.get().written(),
                  job,
                  flag));
        }
        List<String> extra =
            marker.get().files().isEmpty() && CONTAINERS.contains(job)
                ? foreignInContainer(fs, output)
                : OutputMarker.unlisted(fs, output, marker.get());
        if (!extra.isEmpty()) {
          throw new KlsparkException(
              String.format(
                  Locale.ROOT,
                  "%s %s is a %s output, but it also holds files klspark did not write (%s):"
                      + " move them out, or choose another %s",
                  flag,
                  output,
                  job,
                  shortList(extra),
                  flag));
        }
        return true;
      }
      if (legacyOutput(fs, output, entries, job)) {
        return true;
      }
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "%s %s exists and is not a %s output (holds %s): choose another %s or remove it"
                  + " yourself",
              flag,
              output,
              job,
              describe(entries),
              flag));
    } catch (IOException e) {
      throw new KlsparkException(
          "cannot inspect " + flag + " " + output + ": " + e.getMessage(), e);
    }
  }

  /** Jobs whose output is a container of parts published one by one. */
  private static final Set<String> CONTAINERS = Set.of("data-quality");

  private static final java.util.regex.Pattern INDEX_STAGING =
      java.util.regex.Pattern.compile("\\.index\\.html\\.staging-[0-9a-f-]{36}");

  private static final java.util.regex.Pattern DATE =
      java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** A run's temporary bucket edges file, {@code .bucket_edges.json.UUID.tmp}. */
  private static final java.util.regex.Pattern EDGES_TMP =
      java.util.regex.Pattern.compile(
          "\\.bucket_edges\\.json\\.[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.tmp");

  /**
   * What a data-quality output holds beyond its own layout: {@code history/report_date=D}, {@code
   * runs/D}, {@code runs/index.html} (when it holds {@link OutputMarker#HTML_MARK}), {@code
   * bucket_edges.json}, the marker, and klspark's hidden leftovers.
   */
  private static List<String> foreignInContainer(FileSystem fs, Path dir) throws IOException {
    List<String> extra = new ArrayList<>();
    FileSystem r = OutputMarker.raw(fs);
    Set<String> top =
        Set.of(
            "history",
            "runs",
            "bucket_edges.json",
            OutputMarker.NAME,
            ".bucket_edges.json.crc",
            "." + OutputMarker.NAME + ".crc",
            ".bucket_edges.json.tmp",
            "..bucket_edges.json.tmp.crc");
    for (FileStatus e : r.listStatus(dir)) {
      String n = e.getPath().getName();
      if (e.isFile() && EDGES_TMP.matcher(n).matches()) {
        continue; // a run's temporary edges file
      }
      if (!top.contains(n)) {
        extra.add(n + (e.isDirectory() ? "/" : ""));
      } else if (n.equals("history") || n.equals("runs")) {
        if (!e.isDirectory()) {
          extra.add(n);
          continue;
        }
        for (FileStatus c : r.listStatus(e.getPath())) {
          String cn = c.getPath().getName();
          String bare = cn.startsWith(".") ? cn.substring(1) : cn;
          String date = n.equals("history") ? bare.replaceFirst("^report_date=", "") : bare;
          boolean ours =
              (n.equals("runs") || bare.startsWith("report_date="))
                  && date.length() >= 10
                  && DATE.matcher(date.substring(0, 10)).matches();
          if (n.equals("runs") && c.isFile()) {
            // The run index (OwnedOutput#publishFile): klspark's when it holds klspark's mark.
            ours =
                cn.equals("index.html")
                        && OutputMarker.holds(r, c.getPath(), OutputMarker.HTML_MARK)
                    || INDEX_STAGING.matcher(cn).matches();
          }
          if (!ours) {
            extra.add(n + "/" + cn + (c.isDirectory() ? "/" : ""));
          }
        }
      }
    }
    return extra;
  }

  /** Refuses an output inside a directory that klspark published (it would be replaced with it). */
  private static void refuseInsideAnOutput(FileSystem fs, Path output, String flag)
      throws IOException {
    for (Path p = output.getParent(); p != null; p = p.getParent()) {
      if (fs.exists(new Path(p, OutputMarker.NAME))) {
        String what;
        try {
          what = OutputMarker.read(fs, p).map(m -> "a " + m.job() + " output").orElse("an output");
        } catch (KlsparkException e) {
          what = "an output";
        }
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "%s %s lies inside %s (%s) that klspark replaces or updates as a whole: choose an"
                    + " output outside it",
                flag,
                output,
                p,
                what));
      }
    }
  }

  private static String shortList(List<String> names) {
    int shown = Math.min(5, names.size());
    String s = String.join(", ", names.subList(0, shown));
    return names.size() > shown ? s + " and " + (names.size() - shown) + " more" : s;
  }

  /** A 0.1 output: only the job's own entries, and a summary.json naming the job. */
  private static boolean legacyOutput(FileSystem fs, Path dir, FileStatus[] entries, String job)
      throws IOException {
    Set<String> allowed = LEGACY_ENTRIES.getOrDefault(job, Set.of());
    for (FileStatus e : entries) {
      if (!allowed.contains(e.getPath().getName())) {
        return false;
      }
    }
    if (job.equals("gen-data")) {
      // jobs/gen-data before 0.2: rows/ and model/, each completed by Spark's _SUCCESS.
      return fs.exists(new Path(dir, "rows/_SUCCESS"))
          && fs.exists(new Path(dir, "model/_SUCCESS"));
    }
    List<Path> summaries = new ArrayList<>();
    summaries.add(new Path(dir, "summary.json"));
    Path runs = new Path(dir, "runs");
    if (fs.exists(runs) && fs.getFileStatus(runs).isDirectory()) {
      for (FileStatus r : fs.listStatus(runs)) {
        summaries.add(new Path(r.getPath(), "summary.json"));
      }
    }
    for (Path s : summaries) {
      if (fs.exists(s)
          && fs.getFileStatus(s).isFile()
          && fs.getFileStatus(s).getLen() < (1 << 24)) {
        try (InputStream in = fs.open(s)) {
          var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
          if (node != null && job.equals(node.path("job").asText(null))) {
            return true;
          }
        } catch (IOException ignored) {
          // not JSON: not ours
        }
      }
    }
    return false;
  }

  private static String describe(FileStatus[] entries) {
    List<String> names = new ArrayList<>();
    for (FileStatus e : entries) {
      names.add(e.getPath().getName() + (e.isDirectory() ? "/" : ""));
    }
    names.sort(null);
    int shown = Math.min(5, names.size());
    String s = String.join(", ", names.subList(0, shown));
    return names.size() > shown ? s + " and " + (names.size() - shown) + " more" : s;
  }

  /** The directory part of a path before its first glob character. */
  static String globFree(String path) {
    int cut = -1;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        cut = i;
        break;
      }
    }
    if (cut < 0) {
      return path;
    }
    int slash = path.lastIndexOf('/', cut);
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /**
   * The qualified path as a URI string without a trailing slash; on the local file system with
   * {@code .}/{@code ..} removed and the symbolic links of its existing part resolved.
   */
  static String canonical(Configuration conf, Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      Path q = fs.makeQualified(path);
      URI u = q.toUri();
      if ("file".equals(u.getScheme())) {
        java.nio.file.Path local = java.nio.file.Path.of(u.getPath()).toAbsolutePath().normalize();
        java.nio.file.Path existing = local;
        List<String> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
          if (existing.getFileName() != null) {
            rest.add(0, existing.getFileName().toString());
          }
          existing = existing.getParent();
        }
        java.nio.file.Path real = existing == null ? local.getRoot() : existing.toRealPath();
        for (String r : rest) {
          real = real.resolve(r);
        }
        return "file:" + strip(real.normalize().toString());
      }
      String p =
          new URI(u.getScheme(), u.getAuthority(), u.getPath(), null, null).normalize().toString();
      return strip(p);
    } catch (IOException | java.net.URISyntaxException e) {
      return strip(path.toString());
    }
  }

  private static String strip(String s) {
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static boolean inside(String child, String parent) {
    String prefix = parent.endsWith("/") ? parent : parent + "/";
    return child.startsWith(prefix);
  }
}
