# Independent values for DivergenceScoreDecompositionTest (Weijs, van Nooijen and van de Giesen
# 2010, MWR 138, eqs. 13-17), computed with numpy straight from the definitions (bins, KL, H), not
# from the conditional-entropy form the Java kernel uses.  Run: python3 divergence_score_oracles.py
import numpy as np

def decompose(F, y, steps=0, eps=1e-15):
    F = np.asarray(F, float); y = np.asarray(y); N, K = F.shape
    keys = F if steps == 0 else np.floor(steps * F + 0.5)
    _, b = np.unique(keys, axis=0, return_inverse=True)
    O = np.eye(K)[y]                       # one-hot outcomes
    obar = O.mean(axis=0)
    pt = np.clip(F[np.arange(N), y], eps, 1 - eps)
    ds = np.mean(-np.log(pt))
    kl = lambda p, q: sum(pi * np.log(pi / qi) for pi, qi in zip(p, q) if pi > 0)
    unc = -sum(o * np.log(o) for o in obar if o > 0)
    res = rel = 0.0
    for k in np.unique(b):
        m = b.ravel() == k; nk = m.sum()
        ok = O[m].mean(axis=0); fk = np.clip(F[m].mean(axis=0), eps, 1 - eps)
        res += nk / N * kl(ok, obar); rel += nk / N * kl(ok, fk)
    return ds, unc, res, rel, ds - (unc - res + rel)

F = [[.7, .2, .1], [.7, .2, .1], [.7, .2, .1], [.2, .5, .3], [.2, .5, .3], [.1, .1, .8],
     [.1, .1, .8], [.1, .1, .8], [.33, .33, .34], [.72, .18, .10], [.21, .52, .27], [.12, .08, .80]]
y = [0, 0, 1, 1, 2, 2, 2, 0, 1, 0, 1, 2]
print("numpy", np.__version__)
print("exact  ", [repr(float(v)) for v in decompose(F, y)])
print("grid 10", [repr(float(v)) for v in decompose(F, y, steps=10)])
# Output (numpy 2.4.6, Python 3), order DS, UNC, RES, REL, residual, copied into the test:
# exact   ['0.7735847242528694', '1.0986122886681096', '0.6648306744273791', '0.3398031100121387', '2.220446049250313e-16']
# grid 10 ['0.7735847242528694', '1.0986122886681096', '0.5645936501818676', '0.24206424650028424', '-0.002498160733656829']
