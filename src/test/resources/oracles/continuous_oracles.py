"""Oracle values for klspark's continuous comparisons (KolmogorovSmirnov, TwoSampleStream,
EntropyStream), written to continuous_oracles.json beside this script.

Run: python3 src/test/resources/oracles/continuous_oracles.py   (from the repository root)
Obtained with scipy 1.17.1 and numpy 2.4.6 (Python 3.11):
- ks_pvalues: scipy.stats.ks_2samp(x, y) (method='auto', two-sided) on random samples of the listed
  sizes; the integral statistic dnm = round(D * n * m) is all klspark needs to reproduce the p-value.
- samples: small random and tied samples with scipy.stats.ks_2samp, scipy.stats.wasserstein_distance,
  and the k-NN KL and Kozachenko-Leonenko entropy computed below point by point over the whole
  sample (no streamed window, no block queue: independent of klspark's streaming code; the tie rule
  itself is klspark's, written out again in radius_count).
- seattle: data/seattle-weather.csv, temp_max in 2015 (current) against 2012-2014 (reference), per
  weather type: real data with many ties.
"""
import json, os
import numpy as np
from scipy import stats
from scipy.special import digamma

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261206)


def radius_count(v, others, k):
    """klspark's tie rule on the whole sample (no streamed window): walk outwards from v over the
    distinct neighbour values, the nearest one on each side at a time; a neighbour on the far side
    whose distance is within max(1e-6 r, 4 ulp(|v| + r)) of the nearer one's r is on the boundary
    too. Stop at the first radius r where (neighbours strictly inside) + (on the boundary) >= k. The
    count is k when fewer than k neighbours lie inside and no boundary value is repeated (the
    published estimators), else inside + (boundary + 1) / 2. Returns (None, None) when the
    neighbours run out."""
    vals, cnt = np.unique(others, return_counts=True)
    inside = int(cnt[vals == v].sum())
    lo = [(v - a, c) for a, c in zip(vals[::-1], cnt[::-1]) if a < v]
    hi = [(a - v, c) for a, c in zip(vals, cnt) if a > v]
    i = j = 0
    while True:
        dl = lo[i][0] if i < len(lo) else np.inf
        dh = hi[j][0] if j < len(hi) else np.inf
        r = min(dl, dh)
        if r == np.inf:
            return None, None
        tol = max(1e-6 * r, 4 * np.spacing(abs(v) + r))
        at_lo, at_hi = dl - r <= tol, dh - r <= tol
        b = (lo[i][1] if at_lo else 0) + (hi[j][1] if at_hi else 0)
        if inside + b >= k:
            repeated = inside >= k or (at_lo and lo[i][1] > 1) or (at_hi and hi[j][1] > 1)
            return r, (inside + (b + 1) / 2 if repeated else k)
        inside += b
        i += at_lo
        j += at_hi


def knn_kl(x, y, k):
    """Wang, Kulkarni, Verdu (2009) eq. 5 (eq. 17 ranks for ties), d = 1, brute force."""
    n, m = len(x), len(y)
    if n < 2:
        return None
    t = 0.0
    for i in range(n):
        others = np.delete(x, i)
        r, l = radius_count(x[i], others, k)
        v, kk = radius_count(x[i], y, k)
        if r is None or v is None:
            return None
        t += np.log(v) - np.log(r) + digamma(l) - digamma(kk)
    return t / n + np.log(m / (n - 1))


def kl_entropy(x, k):
    """Kozachenko-Leonenko, psi(n) + mean(log(2 rho) - psi(l)), brute force."""
    n = len(x)
    t = 0.0
    for i in range(n):
        others = np.delete(x, i)
        r, l = radius_count(x[i], others, k)
        if r is None:
            return None
        t += np.log(2 * r) - digamma(l)
    return digamma(n) + t / n


out = {"scipy": __import__("scipy").__version__, "ks_pvalues": [], "samples": [], "seattle": []}

# p-values over the exact (max(n, m) <= 10000) and asymptotic ranges, small to large effects.
sizes = [(1, 1), (1, 5), (3, 4), (10, 10), (20, 35), (50, 50), (120, 77), (500, 2000),
         (1000, 1000), (3000, 7000), (10000, 10000), (9999, 10001), (10001, 3), (20000, 30000),
         (150000, 120000), (400000, 50), (1500000, 2500000), (3000000, 2000000)]
for n, m in sizes:
    en = n * m / (n + m)
    # Effects from none to large, scaled to the sample sizes so every range of the p-value is met.
    for shift in (0.0, 1.0 / np.sqrt(en), 2.5 / np.sqrt(en), 5.0 / np.sqrt(en), 0.3):
        x = rng.normal(0, 1, n)
        y = rng.normal(shift, 1, m)
        r = stats.ks_2samp(x, y)
        dnm = int(round(r.statistic * n * m))
        out["ks_pvalues"].append({"n": n, "m": m, "dnm": dnm, "statistic": float(r.statistic),
                                  "p_value": float(r.pvalue)})


def sample_case(name, x, y, ks=(1, 3, 5)):
    x = np.asarray(x, float); y = np.asarray(y, float)
    r = stats.ks_2samp(x, y)
    case = {"name": name, "current": x.tolist(), "reference": y.tolist(),
            "ks_statistic": float(r.statistic), "ks_p_value": float(r.pvalue),
            "wasserstein": float(stats.wasserstein_distance(x, y)),
            "kl_knn": {str(k): knn_kl(x, y, k) for k in ks},
            "entropy_knn": {str(k): kl_entropy(x, k) for k in ks}}
    out["samples"].append(case)


sample_case("normal 40 vs 60", rng.normal(0, 1, 40), rng.normal(0.5, 2, 60))
sample_case("exponential 150 vs 90", rng.exponential(1, 150), rng.exponential(2, 90))
sample_case("rounded normals 200 vs 250", np.round(rng.normal(0, 1, 200), 1),
            np.round(rng.normal(0.2, 1.3, 250), 1))
sample_case("integers 120 vs 100", rng.integers(0, 12, 120), rng.integers(2, 15, 100))
sample_case("disjoint 30 vs 25", rng.uniform(0, 1, 30), rng.uniform(5, 6, 25))
sample_case("equal sizes with shared values", [1, 2, 2, 3, 5, 8, 8, 8, 13, 21],
            [2, 3, 3, 5, 7, 8, 11, 13, 13, 20])
sample_case("kldest two points", [1, 2], [1.5, 2.5], ks=(1,))
sample_case("kldest three points", [1, 2, 4], [1.5, 3], ks=(1,))

# Real data with ties: Seattle temp_max, 2015 against 2012-2014, per weather type.
import csv
rows = list(csv.DictReader(open(os.path.join(HERE, "..", "..", "..", "..", "data", "seattle-weather.csv"))))
for w in sorted({r["weather"] for r in rows}):
    cur = np.array([float(r["temp_max"]) for r in rows if r["weather"] == w and r["date"] >= "2015"])
    ref = np.array([float(r["temp_max"]) for r in rows if r["weather"] == w and r["date"] < "2015"])
    if len(cur) == 0 or len(ref) == 0:
        out["seattle"].append({"weather": w, "n": len(cur), "n_reference": len(ref)})
        continue
    r = stats.ks_2samp(cur, ref)
    out["seattle"].append({"weather": w, "n": len(cur), "n_reference": len(ref),
                           "ks_statistic": float(r.statistic), "ks_p_value": float(r.pvalue),
                           "wasserstein": float(stats.wasserstein_distance(cur, ref)),
                           "kl_knn_5": knn_kl(cur, ref, 5), "entropy_knn_5": kl_entropy(cur, 5)})

with open(os.path.join(HERE, "continuous_oracles.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", len(out["ks_pvalues"]), "p-values,", len(out["samples"]), "samples,",
      len(out["seattle"]), "Seattle groups")
