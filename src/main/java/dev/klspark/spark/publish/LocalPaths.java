package dev.klspark.spark.publish;

import java.io.File;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one conversion from a Hadoop {@link Path} on the local file system ({@code file:}) to a
 * {@link java.nio.file.Path}, for the operations Hadoop's local file system does not offer (atomic
 * moves, symbolic links, operating-system locks).
 *
 * <p>The path is taken from the decoded path of the Hadoop path's URI, as Hadoop's own {@code
 * RawLocalFileSystem#pathToFile} does. {@code java.nio.file.Path.of(URI)} is not usable here:
 * Hadoop's URIs keep non-ASCII letters unescaped (the multi-argument {@link java.net.URI}
 * constructors quote only illegal ASCII characters), and {@code Path.of(URI)} refuses those with
 * "Bad escape". Spaces, {@code %}, {@code #} and non-ASCII letters all come out as the file
 * system's own names.
 */
public final class LocalPaths {
  private LocalPaths() {}

  /**
   * The local file {@code p} names.
   *
   * @param fs the file system of {@code p}, whose scheme is {@code file}; it qualifies a relative
   *     path against its working directory
   * @param p a path of {@code fs}
   */
  public static java.nio.file.Path of(FileSystem fs, Path p) {
    return new File(fs.makeQualified(p).toUri().getPath()).toPath();
  }
}
