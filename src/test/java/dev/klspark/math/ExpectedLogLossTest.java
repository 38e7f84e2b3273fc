package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The label-free expected log-loss and the calibration z-test, against mpmath and by hand. */
class ExpectedLogLossTest {

  /**
   * Four rows with mpmath 1.3.0 at 40 digits (rows (0.9, 0.1) y=0, (0.2, 0.3, 0.5) y=2, (0.5, 0.5)
   * y=1, (0.7, 0.2, 0.1, 0) y=1; H = −Σ q ln q, V = Σ q (ln q)² − H², E = ΣH/n, sd = √ΣV / n, NLL =
   * Σ −ln q(y) / n, z = (NLL − E)/sd, p = erfc(|z|/√2)).
   */
  @Test
  void fourRowsAgainstMpmath() {
    ExpectedLogLoss a = new ExpectedLogLoss();
    a.add(new double[] {0.9, 0.1}, 0);
    a.add(new double[] {0.2, 0.3, 0.5}, 2);
    a.add(new double[] {0.5, 0.5}, 1);
    a.add(new double[] {0.7, 0.2, 0.1, 0.0}, 1);
    ExpectedLogLoss.Result r = a.result();
    assertThat(r.n()).isEqualTo(4);
    assertThat(r.labelled()).isEqualTo(4);
    assertThat(r.expectedNll()).isCloseTo(0.71242543013982609623, within(1e-15));
    assertThat(r.expectedNllSd()).isCloseTo(0.25761561068857229048, within(1e-15));
    assertThat(r.meanNll()).isCloseTo(0.77527319730295432367, within(1e-15));
    assertThat(r.calibrationZ()).isCloseTo(0.24395946734417412915, within(1e-13));
    assertThat(r.calibrationPValue()).isCloseTo(0.80726221193310267675, within(1e-13));
    double[] hv = ExpectedLogLoss.entropyAndVariance(new double[] {0.9, 0.1});
    assertThat(hv[0]).isCloseTo(0.32508297339144823951, within(1e-16));
    assertThat(hv[1]).isCloseTo(0.43450162589252951202, within(1e-15));
  }

  /** Split into two accumulators and merged: the same statistics. */
  @Test
  void mergeEqualsOneAccumulator() {
    ExpectedLogLoss one = new ExpectedLogLoss();
    ExpectedLogLoss left = new ExpectedLogLoss();
    ExpectedLogLoss right = new ExpectedLogLoss();
    double[][] q = {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}};
    for (int i = 0; i < q.length; i++) {
      one.add(q[i], i % 2);
      (i < 2 ? left : right).add(q[i], i % 2);
    }
    left.merge(right);
    assertThat(left.result().calibrationZ()).isCloseTo(one.result().calibrationZ(), within(1e-14));
    assertThat(left.result().expectedNll()).isCloseTo(one.result().expectedNll(), within(1e-15));
  }

  /**
   * A constant prediction q per group: NLL − E[NLL] = Σ_k (p̂_k − q_k)(−ln q_k) (the MLE identity's
   * H(P̂,Q) − H(Q)), and the sd is √(V(q)/n).
   */
  @Test
  void constantPredictionIsTheMleIdentity() {
    double[] q = {0.5, 0.3, 0.2};
    int[] labels = {0, 0, 1, 2, 2, 2, 0, 1, 1, 0};
    ExpectedLogLoss a = new ExpectedLogLoss();
    double[] phat = new double[3];
    for (int y : labels) {
      a.add(q, y);
      phat[y] += 1.0 / labels.length;
    }
    double gap = 0;
    for (int k = 0; k < 3; k++) {
      gap += (phat[k] - q[k]) * -Math.log(q[k]);
    }
    ExpectedLogLoss.Result r = a.result();
    assertThat(r.meanNll() - r.expectedNll()).isCloseTo(gap, within(1e-15));
    assertThat(r.meanNll())
        .isCloseTo(Entropy.of(phat) + KlDivergence.of(phat, q), within(1e-14)); // H(P̂,Q) = H + KL
    double v = ExpectedLogLoss.entropyAndVariance(q)[1];
    assertThat(r.expectedNllSd()).isCloseTo(Math.sqrt(v / labels.length), within(1e-15));
  }

  /**
   * The predictive entropy is each row's term of the expectation: mpmath H(0.9, 0.1) =
   * 0.32508297339144823951 (as above), H(0.5, 0.25, 0.25, 0) = 1.5 bits; checked as a row is.
   */
  @Test
  void predictiveEntropyIsTheRowsTerm() {
    double[] q = {0.9, 0.1};
    assertThat(ExpectedLogLoss.predictiveEntropy(q, LogBase.NATS))
        .isCloseTo(0.32508297339144823951, within(1e-16));
    ExpectedLogLoss a = new ExpectedLogLoss();
    a.add(q);
    assertThat(a.result().expectedNll())
        .isEqualTo(ExpectedLogLoss.predictiveEntropy(q, LogBase.NATS));
    assertThat(ExpectedLogLoss.predictiveEntropy(new double[] {0.5, 0.25, 0.25, 0.0}, LogBase.BITS))
        .isEqualTo(1.5);
    assertThatThrownBy(
            () -> ExpectedLogLoss.predictiveEntropy(new double[] {0.5, -0.5, 1.0}, LogBase.NATS))
        .hasMessage("prediction[1] = -0.5 is negative; expected a finite non-negative value");
  }

  /** The SQL aggregates carry the accumulator between partitions by Java serialisation. */
  @Test
  void survivesJavaSerialisation() throws Exception {
    ExpectedLogLoss a = new ExpectedLogLoss();
    a.add(new double[] {0.9, 0.1});
    a.add(new double[] {0.2, 0.3, 0.5}, 2);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    ExpectedLogLoss copy;
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ExpectedLogLoss) in.readObject();
    }
    assertThat(copy.result()).isEqualTo(a.result());
  }

  @Test
  void edgeCases() {
    // No labels: the label-free statistics only.
    ExpectedLogLoss u = new ExpectedLogLoss();
    u.add(new double[] {0.5, 0.5});
    assertThat(u.result().expectedNll()).isCloseTo(Math.log(2), within(1e-16));
    assertThat(u.result().expectedNllSd()).isZero();
    assertThat(u.result().meanNll()).isNaN();
    assertThat(u.result().calibrationZ()).isNaN();
    // A label the model called impossible: infinite NLL and z, p = 0.
    ExpectedLogLoss zero = new ExpectedLogLoss();
    zero.add(new double[] {1.0, 0.0}, 1);
    assertThat(zero.result().calibrationZ()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(zero.result().calibrationPValue()).isZero();
    // Certain and right: sd = 0 and no evidence either way.
    ExpectedLogLoss sure = new ExpectedLogLoss();
    sure.add(new double[] {1.0, 0.0}, 0);
    assertThat(sure.result().calibrationZ()).isNaN();
    assertThat(new ExpectedLogLoss().result().expectedNll()).isNaN();
    assertThatThrownBy(() -> u.add(new double[] {0.5, 0.6}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> u.add(new double[] {0.5, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> u.add(new double[] {0.5, 0.5}, 2))
        .hasMessage("label index 2 is outside the 2 classes of the prediction");
  }
}
