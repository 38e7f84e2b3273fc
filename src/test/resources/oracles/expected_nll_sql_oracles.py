"""Oracle values for ExpectedNllFunctionsTest (predictive_entropy, expected_nll, expected_nll_sd) on
small hand-made predictions: mpmath at 40 digits on the formulas written out by hand,
H(q) = -sum q ln q, V(q) = sum q (ln q)^2 - H(q)^2 (0 ln 0 = 0), E = sum H / n, sd = sqrt(sum V) / n;
scipy.stats.entropy as a second opinion on H. The real predictions (the Seattle weather, per month)
are in expected_nll_oracles.py.

Run: python3 expected_nll_sql_oracles.py   (mpmath 1.3.0, scipy 1.17.1)
"""
import mpmath as mp
from scipy import stats

mp.mp.dps = 40


def h(q):
    return -mp.fsum(x * mp.log(x) for x in map(mp.mpf, q) if x > 0)


def v(q):
    return mp.fsum(x * mp.log(x) ** 2 for x in map(mp.mpf, q) if x > 0) - h(q) ** 2


def group(rows):
    n = len(rows)
    return mp.fsum(h(q) for q in rows) / n, mp.sqrt(mp.fsum(v(q) for q in rows)) / n


def show(name, x):
    print(name, mp.nstr(x, 20))


show("H(0.9, 0.1)", h(["0.9", "0.1"]))
print("  scipy", repr(float(stats.entropy([0.9, 0.1]))))
show("H(0.5, 0.3, 0.2)", h(["0.5", "0.3", "0.2"]))
print("  scipy", repr(float(stats.entropy([0.5, 0.3, 0.2]))))
show("H(0.5, 0.25, 0.25, 0) bits", h(["0.5", "0.25", "0.25", "0"]) / mp.log(2))
show("H(0.7, 0.2, 0.1, 0)", h(["0.7", "0.2", "0.1", "0"]))
show("H(0.7, 0.2, 0.1, 0) bits", h(["0.7", "0.2", "0.1", "0"]) / mp.log(2))
e, sd = group([["0.5", "0.5"], ["0.9", "0.1"]])
show("rows (0.5, 0.5), (0.9, 0.1): E", e)
show("  sd", sd)
e, sd = group([["0.9", "0.1"], ["0.2", "0.3", "0.5"], ["0.5", "0.5"], ["0.7", "0.2", "0.1", "0"]])
show("four rows (0.9, 0.1), (0.2, 0.3, 0.5), (0.5, 0.5), (0.7, 0.2, 0.1, 0): E", e)
show("  sd", sd)
show("  E bits", e / mp.log(2))
show("  sd bits", sd / mp.log(2))
q = ["0.5", "0.3", "0.2"]
e, sd = group([q] * 7)
show("(0.5, 0.3, 0.2) x 7: E", e)
show("  sd", sd)
show("  V(q)", v(q))
