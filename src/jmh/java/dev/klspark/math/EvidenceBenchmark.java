package dev.klspark.math;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-group cost of {@link KlEvidence#of} (G-test, Miller–Madow, the interval by two root
 * searches) against the plug-in profile alone ({@link DivergenceProfile#compare}), for one group of
 * the headline benchmark's shape: k = 20 categories, n = 500 rows drawn from Q itself (the common
 * case of a group close to its model), 64 different groups cycled. Run: {@code jobs/bench-kernels
 * dev.klspark.math.EvidenceBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EvidenceBenchmark {
  @Param({"20"})
  int size;

  @Param({"500"})
  int n;

  double[][] counts;
  double[][] q;
  int next;

  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(20261201L);
    counts = new double[64][size];
    q = new double[64][size];
    for (int g = 0; g < 64; g++) {
      double s = 0;
      for (int i = 0; i < size; i++) {
        q[g][i] = 1 + r.nextDouble();
        s += q[g][i];
      }
      for (int i = 0; i < size; i++) {
        q[g][i] /= s;
      }
      for (int j = 0; j < n; j++) {
        double u = r.nextDouble();
        double c = 0;
        for (int i = 0; i < size; i++) {
          c += q[g][i];
          if (u <= c || i == size - 1) {
            counts[g][i]++;
            break;
          }
        }
      }
    }
  }

  @Benchmark
  public double evidence() {
    int g = next++ & 63;
    return KlEvidence.of(counts[g], q[g], 0.95).ciHigh();
  }

  @Benchmark
  public double profileOnly() {
    int g = next++ & 63;
    double[] c = counts[g];
    double[] p = new double[c.length];
    double s = 0;
    for (double x : c) {
      s += x;
    }
    for (int i = 0; i < c.length; i++) {
      p[i] = c[i] / s;
    }
    return DivergenceProfile.compare(p, q[g]).klDivergence();
  }
}
