"""Oracle values for NoncentralChiSquaredTest and KlEvidenceTest (scipy 1.17.1, numpy 2.4).

Run: python3 src/test/resources/oracles/evidence_oracles.py
Independent of klspark's code: scipy's exact ncx2 (Boost), scipy's power_divergence for G and its
p-value, and a root finder (scipy brentq) over the same scaled noncentral chi-squared model as
KlEvidence, written from its Javadoc, with scipy's exact ncx2.cdf in place of klspark's
series/Sankaran.
"""
import numpy as np
from scipy import stats, optimize

print("# ncx2.cdf(x, df, nc)")
for x, df, nc in [(0.5, 1.0, 0.0), (3.0, 2.0, 1.5), (10.0, 4.5, 7.0), (1.0, 0.3, 0.2),
                  (25.0, 9.0, 12.0), (60.0, 19.0, 40.0), (95.0, 3.0, 99.0),
                  (130.0, 10.0, 120.0), (900.0, 49.0, 800.0), (10500.0, 19.0, 10000.0),
                  (9500.0, 4.0, 10000.0), (0.01, 0.25, 150.0)]:
    print(f"{{{x!r}, {df!r}, {nc!r}, {stats.ncx2.cdf(x, df, nc)!r}}},")

def evidence(counts, q, level=0.95):
    counts = np.asarray(counts, float); q = np.asarray(q, float)
    n = counts.sum(); p = counts / n
    m = int((p > 0).sum()); nu = int((q > 0).sum()) - 1
    mask = p > 0
    kl = float(np.sum(p[mask] * np.log(p[mask] / q[mask])))
    h = float(-np.sum(p[mask] * np.log(p[mask])))
    g, pv = stats.power_divergence(counts[q > 0], n * q[q > 0], lambda_="log-likelihood")
    lr = np.log(p[mask] / q[mask])
    s2 = max(0.0, float(np.sum(p[mask] * lr**2) - kl**2))
    r = min(4.0, max(0.25, s2 / (2 * kl))) if kl > 0 else 1.0
    def F(th):
        c = (2*nu + 8*n*th*r) / (2*nu + 8*n*th)
        return stats.ncx2.cdf(g / c, nu / c, 2*n*th / c) if th > 0 else stats.chi2.cdf(g, nu)
    a = 1 - level
    top = max(4 * kl + 20 / n, 1e-9)
    while F(top) > a / 2: top *= 2
    lo = 0.0 if F(0) <= 1 - a/2 else optimize.brentq(lambda t: F(t) - (1 - a/2), 0, top, xtol=1e-15, rtol=1e-13)
    hi = 0.0 if F(0) <= a/2 else optimize.brentq(lambda t: F(t) - a/2, 0, top, xtol=1e-15, rtol=1e-13)
    return g, pv, nu, h + (m - 1) / (2*n), kl - (m - 1) / (2*n), lo, hi

print("# counts; q; G; p; df; H_MM; KL_bc; lo; hi (nats, level 0.95)")
for counts, q in [([30, 20, 50], [0.3, 0.3, 0.4]),
                  ([12, 0, 3, 5], [0.25, 0.25, 0.25, 0.25]),
                  ([480, 520], [0.5, 0.5]),
                  ([930, 70], [0.5, 0.5]),
                  ([2, 1, 40, 51, 6], [0.05, 0.05, 0.4, 0.45, 0.05]),
                  ([5000, 4800, 200], [0.49, 0.49, 0.02])]:
    print(counts, q, *evidence(counts, q))
