package dev.klspark.testing;

import java.util.Random;

/** Seeded random probability vectors and draws from them, for tests (Spark-free). */
public final class RandomDistributions {
  private RandomDistributions() {}

  /** A random probability vector over {@code k} categories (uniform draws, normalised). */
  public static double[] distribution(Random rnd, int k) {
    double[] p = new double[k];
    double s = 0;
    for (int j = 0; j < k; j++) {
      p[j] = rnd.nextDouble();
      s += p[j];
    }
    for (int j = 0; j < k; j++) {
      p[j] /= s;
    }
    return p;
  }

  /** One category index drawn from {@code p}. */
  public static int sample(Random rnd, double[] p) {
    double u = rnd.nextDouble();
    double c = 0;
    for (int j = 0; j < p.length; j++) {
      c += p[j];
      if (u < c) {
        return j;
      }
    }
    return p.length - 1;
  }
}
