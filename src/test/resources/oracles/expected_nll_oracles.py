"""The label-free expected log-loss and the calibration z-test per month, by numpy/scipy, on real
predictions: seattle_weather_predictions.csv holds, for every day of data/seattle-weather.csv, the
class probabilities of an MLlib multinomial LogisticRegression (Spark 4.1.0; features precipitation,
temp_max, temp_min, wind; regParam 0.01, 50 iterations; labels in alphabetical order drizzle, fog,
rain, snow, sun) written with 17 significant digits.

Per month (12 groups): n, mean_nll = mean(-ln q(y)) (MLlib clipping at 1e-15 never applies here),
expected_nll = mean(H(q)), expected_nll_sd = sqrt(sum(V(q))) / n with
V(q) = sum q (ln q)^2 - H(q)^2, calibration_z, calibration_p_value = 2 norm.sf(|z|), and
calibration_p_value_adjusted = scipy.stats.false_discovery_control(p, method='bh').

Label-free, per month, current = the days of 2015, reference = the days of 2012 to 2014 ("label_free"):
n, n_reference, expected_nll and expected_nll_sd of the current days, mean_prediction_entropy =
H(mean q), prediction_kl_divergence = KL(mean q current || mean q reference) (scipy.stats.entropy),
expected_nll_change = expected_nll(current) - expected_nll(reference).

Run: python3 expected_nll_oracles.py > expected_nll_oracles.json   (numpy 2.4.6, scipy 1.17.1)
"""
import csv
import json
import os

import numpy as np
from scipy import stats

here = os.path.dirname(os.path.abspath(__file__))
labels = ["drizzle", "fog", "rain", "snow", "sun"]
rows = list(csv.DictReader(open(os.path.join(here, "seattle_weather_predictions.csv"))))
out = {"numpy": np.__version__, "scipy": __import__("scipy").__version__, "months": {}}
ps = []
for m in range(1, 13):
    sel = [r for r in rows if int(r["month"]) == m]
    q = np.array([[float(r["p%d" % j]) for j in range(5)] for r in sel])
    y = np.array([labels.index(r["weather"]) for r in sel])
    ql = np.where(q > 0, np.log(np.where(q > 0, q, 1.0)), 0.0)
    h = -(q * ql).sum(axis=1)
    v = (q * ql * ql).sum(axis=1) - h * h
    n = len(sel)
    mean_nll = float(np.mean(-np.log(np.clip(q[np.arange(n), y], 1e-15, 1 - 1e-15))))
    expected = float(h.mean())
    sd = float(np.sqrt(v.sum()) / n)
    z = (mean_nll - expected) / sd
    p = float(2 * stats.norm.sf(abs(z)))
    ps.append(p)
    out["months"][str(m)] = {
        "n": n,
        "mean_nll_nats": mean_nll,
        "expected_nll_nats": expected,
        "expected_nll_sd_nats": sd,
        "calibration_z": z,
        "calibration_p_value": p,
    }
adj = stats.false_discovery_control(ps, method="bh")
for m in range(1, 13):
    out["months"][str(m)]["calibration_p_value_adjusted"] = float(adj[m - 1])
out["label_free"] = {}
for m in range(1, 13):
    cur = [r for r in rows if int(r["month"]) == m and r["date"] >= "2015"]
    ref = [r for r in rows if int(r["month"]) == m and r["date"] < "2015"]
    qc = np.array([[float(r["p%d" % j]) for j in range(5)] for r in cur])
    qr = np.array([[float(r["p%d" % j]) for j in range(5)] for r in ref])
    hc = -(qc * np.log(qc)).sum(axis=1)
    vc = (qc * np.log(qc) ** 2).sum(axis=1) - hc * hc
    hr = -(qr * np.log(qr)).sum(axis=1)
    mc, mr = qc.mean(axis=0), qr.mean(axis=0)
    out["label_free"][str(m)] = {
        "n": len(cur),
        "n_reference": len(ref),
        "expected_nll_nats": float(hc.mean()),
        "expected_nll_sd_nats": float(np.sqrt(vc.sum()) / len(cur)),
        "mean_prediction_entropy_nats": float(stats.entropy(mc)),
        "prediction_kl_divergence_nats": float(stats.entropy(mc, mr)),
        "expected_nll_change_nats": float(hc.mean() - hr.mean()),
        "mean_prediction_sun": float(mc[4]),
    }
print(json.dumps(out, indent=1))
