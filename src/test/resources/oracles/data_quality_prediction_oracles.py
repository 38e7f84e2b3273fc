"""data-quality prediction columns (compare: predictions) by numpy/scipy, on real predictions:
seattle_weather_predictions.csv (see expected_nll_oracles.py: an MLlib multinomial
LogisticRegression's class probabilities for every day of data/seattle-weather.csv, labels in the
order drizzle, fog, rain, snow, sun, 17 significant digits).

The run it checks (DataQualityPredictionsTest): group-by month, current = the days of 2015
(current: days:365, date 2015-12-31), reference = the days of 2012 to 2014 (reference: baseline,
reference-filter date < DATE'2015-01-01'); 12 groups. Per month, with qc / qr the current /
reference rows' predictions (n x 5), how each value is obtained:

  n, n_reference              len(qc), len(qr)
  expected_nll_nats           mean over rows of H(q) = -sum_k q_k ln q_k  (0 ln 0 = 0)
  expected_nll_sd_nats        sqrt(sum over rows of V(q)) / n, V(q) = sum_k q_k (ln q_k)^2 - H(q)^2
  expected_nll_reference_nats mean H(q) over the reference rows
  expected_nll_change_nats    expected_nll_nats - expected_nll_reference_nats
  current_share, reference_share
                              the mean predictions qc.mean(axis=0), qr.mean(axis=0)
  P, Q                        the sums S = q.sum(axis=0) of each side after the zero policy:
                              "none": S / S.sum(); "floor:1.0E-4": max(S / S.sum(), 1e-4), then
                              divided by its sum (klspark's Smoothing.Floor)
  kl_divergence_nats          scipy.stats.entropy(P, Q)
  reverse_kl_divergence_nats  scipy.stats.entropy(Q, P)
  js_divergence_nats          scipy.spatial.distance.jensenshannon(P, Q) ** 2 (natural log)
  psi_nats                    sum((P - Q) * ln(P / Q))
  hellinger_distance          sqrt(0.5 * sum((sqrt(P) - sqrt(Q)) ** 2))
  total_variation_distance    0.5 * sum(|P - Q|)

"policies" (DriftComparisonPredictionsTest, no Spark): made-up sums of three labels where the
reference never predicts the first label, current S = [3.0, 0.5, 0.5], reference S = [0.0, 2.0,
6.0] (4 and 8 rows), through the same formulas under "none" (KL infinite: null in JSON),
"floor:1.0E-4" and "additive:1.0" (P = (S + 1) / (S.sum() + 3)).

"flattened": the same months with every current prediction replaced by 0.5 q + 0.5 / 5 (a model
that became less confident; DataQualityPredictionsTest writes it the same way): expected_nll_nats,
expected_nll_change_nats and kl_divergence_nats (policy none).

Run: python3 data_quality_prediction_oracles.py > data_quality_prediction_oracles.json
(numpy 2.4.6, scipy 1.17.1)
"""
import csv
import json
import os

import numpy as np
from scipy import stats
from scipy.spatial import distance

here = os.path.dirname(os.path.abspath(__file__))
labels = ["drizzle", "fog", "rain", "snow", "sun"]
rows = list(csv.DictReader(open(os.path.join(here, "seattle_weather_predictions.csv"))))


def predictions(sel):
    return np.array([[float(r["p%d" % j]) for j in range(5)] for r in sel])


def entropy_and_variance(q):
    ql = np.where(q > 0, np.log(np.where(q > 0, q, 1.0)), 0.0)
    h = -(q * ql).sum(axis=1)
    v = np.maximum(0.0, (q * ql * ql).sum(axis=1) - h * h)
    return h, v


def policy(s, spec):
    if spec.startswith("additive:"):
        alpha = float(spec.split(":")[1])
        return (s + alpha) / (s.sum() + alpha * len(s))
    p = s / s.sum()
    if spec == "none":
        return p
    eps = float(spec.split(":")[1])
    p = np.maximum(p, eps)
    return p / p.sum()


def finite(x):
    return float(x) if np.isfinite(x) else None


def divergences(sc, sr, spec):
    p, q = policy(sc, spec), policy(sr, spec)
    with np.errstate(divide="ignore", invalid="ignore"):
        psi = np.sum(np.where(p == q, 0.0, (p - q) * np.log(p / q)))
    return {
        "kl_divergence_nats": finite(stats.entropy(p, q)),
        "reverse_kl_divergence_nats": finite(stats.entropy(q, p)),
        "js_divergence_nats": float(distance.jensenshannon(p, q) ** 2),
        "psi_nats": finite(psi),
        "hellinger_distance": float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))),
        "total_variation_distance": float(0.5 * np.sum(np.abs(p - q))),
    }


out = {
    "numpy": np.__version__,
    "scipy": __import__("scipy").__version__,
    "obtained": {
        "n, n_reference": "len(qc), len(qr): the rows of the month in 2015, in 2012-2014",
        "expected_nll_nats": "mean over the current rows of H(q) = -sum q ln q (0 ln 0 = 0)",
        "expected_nll_sd_nats": "sqrt(sum of V(q)) / n, V(q) = max(0, sum q (ln q)^2 - H(q)^2)",
        "expected_nll_reference_nats": "mean H(q) over the reference rows",
        "expected_nll_change_nats": "expected_nll_nats - expected_nll_reference_nats",
        "current_share, reference_share": "qc.mean(axis=0), qr.mean(axis=0)",
        "P, Q": "each side's sums q.sum(axis=0) after the policy: none S/S.sum(); floor:EPS"
        " max(S/S.sum(), EPS) renormalised; additive:A (S + A) / (S.sum() + A K)",
        "kl_divergence_nats": "scipy.stats.entropy(P, Q)",
        "reverse_kl_divergence_nats": "scipy.stats.entropy(Q, P)",
        "js_divergence_nats": "scipy.spatial.distance.jensenshannon(P, Q) ** 2",
        "psi_nats": "sum((P - Q) * ln(P / Q))",
        "hellinger_distance": "sqrt(0.5 * sum((sqrt(P) - sqrt(Q)) ** 2))",
        "total_variation_distance": "0.5 * sum(|P - Q|)",
        "null": "infinite (scipy inf: Q = 0 where P > 0)",
    },
    "labels": labels,
    "months": {},
    "flattened": {},
}
for m in range(1, 13):
    qc = predictions([r for r in rows if int(r["month"]) == m and r["date"] >= "2015"])
    qr = predictions([r for r in rows if int(r["month"]) == m and r["date"] < "2015"])
    hc, vc = entropy_and_variance(qc)
    hr, _ = entropy_and_variance(qr)
    sc, sr = qc.sum(axis=0), qr.sum(axis=0)
    out["months"][str(m)] = {
        "n": len(qc),
        "n_reference": len(qr),
        "expected_nll_nats": float(hc.mean()),
        "expected_nll_sd_nats": float(np.sqrt(vc.sum()) / len(qc)),
        "expected_nll_reference_nats": float(hr.mean()),
        "expected_nll_change_nats": float(hc.mean() - hr.mean()),
        "current_share": [float(x) for x in qc.mean(axis=0)],
        "reference_share": [float(x) for x in qr.mean(axis=0)],
        "none": divergences(sc, sr, "none"),
        "floor:1.0E-4": divergences(sc, sr, "floor:1.0E-4"),
    }
    flat = 0.5 * qc + 0.5 / 5
    hf, _ = entropy_and_variance(flat)
    out["flattened"][str(m)] = {
        "expected_nll_nats": float(hf.mean()),
        "expected_nll_change_nats": float(hf.mean() - hr.mean()),
        "kl_divergence_nats": divergences(flat.sum(axis=0), sr, "none")["kl_divergence_nats"],
    }
sc, sr = np.array([3.0, 0.5, 0.5]), np.array([0.0, 2.0, 6.0])
out["policies"] = {"current_sums": list(sc), "reference_sums": list(sr)}
for spec in ["none", "floor:1.0E-4", "additive:1.0"]:
    out["policies"][spec] = divergences(sc, sr, spec)
print(json.dumps(out, indent=1))
