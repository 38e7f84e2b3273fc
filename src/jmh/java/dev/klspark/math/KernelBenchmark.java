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
 * Throughput of the kernels of {@link dev.klspark.math} against plain reference loops, to make the
 * cost of numerical care visible. Three variants per measure:
 *
 * <ul>
 *   <li>{@code *Kernel}: the public entry point ({@code Entropy.of}, ...), which validates its
 *       arguments (one pass per argument with a compensated sum of the elements) and then sums the
 *       terms with {@link CompensatedSum};
 *   <li>{@code *Unchecked}: the package-private {@code nats} sum alone (no validation), i.e. the
 *       careful terms of {@link Terms} (0 ln 0, log1p near p = q) plus compensated summation;
 *   <li>{@code *Naive}: a plain {@code double} loop, {@code p * Math.log(p / q)} and friends, as
 *       written without care;
 *   <li>{@code klTermsPlainSum} (careful terms, plain sum) and {@code klNaiveCompensatedSum} (naive
 *       terms, compensated sum) split the cost between the terms and the summation; {@code logOnly}
 *       and {@code log1pOnly} time the two logarithms alone.
 * </ul>
 *
 * <p>Inputs: p and q are random positive vectors (no zeros, so the naive loops are defined),
 * normalised, seeded. Results are ns per call; divide by {@code size} for ns per element ({@code
 * jobs/bench-kernels} prints that table). Run with {@code jobs/bench-kernels}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
public class KernelBenchmark {
  @Param({"10", "1000", "1000000"})
  int size;

  double[] p;
  double[] q;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(20251122L);
    p = positiveDistribution(random, size);
    q = positiveDistribution(random, size);
  }

  private static double[] positiveDistribution(SplittableRandom random, int k) {
    double[] w = new double[k];
    for (int i = 0; i < k; i++) {
      w[i] = 0.01 + random.nextDouble();
    }
    return Distributions.normalize("w", w);
  }

  @Benchmark
  public double entropyKernel() {
    return Entropy.of(p);
  }

  @Benchmark
  public double entropyUnchecked() {
    return Entropy.nats(p);
  }

  @Benchmark
  public double entropyNaive() {
    double s = 0;
    for (double pi : p) {
      s -= pi * Math.log(pi);
    }
    return s;
  }

  @Benchmark
  public double klKernel() {
    return KlDivergence.of(p, q);
  }

  @Benchmark
  public double klUnchecked() {
    return KlDivergence.nats(p, q);
  }

  @Benchmark
  public double klTermsPlainSum() {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Terms.relativeEntropy(p[i], q[i]);
    }
    return s;
  }

  @Benchmark
  public double klNaive() {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += p[i] * Math.log(p[i] / q[i]);
    }
    return s;
  }

  @Benchmark
  public double klNaiveCompensatedSum() {
    CompensatedSum s = new CompensatedSum();
    for (int i = 0; i < p.length; i++) {
      s.add(p[i] * Math.log(p[i] / q[i]));
    }
    return s.value();
  }

  /** Attribution: the logarithm alone, {@code Math.log(p/q)} (a HotSpot intrinsic). */
  @Benchmark
  public double logOnly() {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Math.log(p[i] / q[i]);
    }
    return s;
  }

  /** Attribution: {@code Math.log1p((p-q)/q)} alone, as used by Terms near p = q. */
  @Benchmark
  public double log1pOnly() {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Math.log1p((p[i] - q[i]) / q[i]);
    }
    return s;
  }

  @Benchmark
  public double jsKernel() {
    return JsDivergence.of(p, q);
  }

  @Benchmark
  public double jsUnchecked() {
    return JsDivergence.nats(p, q);
  }

  @Benchmark
  public double jsNaive() {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double m = 0.5 * (p[i] + q[i]);
      s += 0.5 * (p[i] * Math.log(p[i] / m) + q[i] * Math.log(q[i] / m));
    }
    return s;
  }
}
