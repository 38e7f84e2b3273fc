"""Under P = Q: (a) interval at n=20 (share lo=0, coverage of theta=0), (b) G-test type-I error in sparse settings.
Usage: python3 null_sim.py  -> null_interval.csv, type1.csv"""
import sys, csv
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import numpy as np
from multiprocessing import Pool
from scipy.special import gammaincc
from klci import interval

def draw_q(rng, k, qkind):
    if qkind == 'uniform': return np.full(k, 1.0 / k)
    return rng.dirichlet([{'Dir(2)': 2.0, 'Dir(0.2)': 0.2}[qkind]] * k)

def pv(c, q):
    n = c.sum(); p = c / n; m = p > 0
    g = 2 * n * max(0.0, float(np.sum(p[m] * np.log(p[m] / q[m]))))
    df = int((q > 0).sum()) - 1
    return 1.0 if df == 0 else float(gammaincc(df / 2, g / 2)), df

def interval_cell(args):
    k, qkind, n, reps, seed = args
    rng = np.random.default_rng(seed)
    lo0 = cov = rej = rej025 = hi0 = 0; w = []
    for _ in range(reps):
        q = draw_q(rng, k, qkind)
        c = rng.multinomial(n, q)
        lo, hi = interval(c, q)
        lo0 += lo == 0; cov += lo <= 1e-12; hi0 += hi == 0; w.append(hi - lo)
        p, _ = pv(c, q); rej += p < 0.05; rej025 += p < 0.025
    return dict(k=k, Q=qkind, n=n, reps=reps, share_lo0=lo0 / reps, coverage=cov / reps, share_hi0=hi0 / reps,
                mean_width=float(np.mean(w)), typeI_05=rej / reps, typeI_025=rej025 / reps)

def type1_cell(args):
    k, qkind, n, reps, seed = args
    rng = np.random.default_rng(seed)
    ps = []; dfs = []
    for _ in range(reps):
        q = draw_q(rng, k, qkind)
        p, df = pv(rng.multinomial(n, q), q); ps.append(p); dfs.append(df)
    ps = np.array(ps)
    return dict(k=k, Q=qkind, n=n, n_over_k=n / k, reps=reps, typeI_05=float(np.mean(ps < 0.05)),
                typeI_01=float(np.mean(ps < 0.01)), typeI_025=float(np.mean(ps < 0.025)),
                se_05=float(np.sqrt(0.05 * 0.95 / reps)), mean_df=float(np.mean(dfs)))

if __name__ == '__main__':
    qk = ('uniform', 'Dir(2)', 'Dir(0.2)')
    icells = [(k, q, 20, 2000, 500 + i) for i, (k, q) in enumerate((k, q) for k in (2, 3, 5, 10, 20, 50) for q in qk)]
    tcells = []
    i = 0
    for k in (5, 10, 20, 50, 100, 200):
        for n in (20, 50, 100, 200, 500, 1000):
            if n / k < 5 or (k in (5, 20) and n in (200, 1000)):  # plus reference cells with n/k >= 5
                for q in qk:
                    tcells.append((k, q, n, 5000, 9000 + i)); i += 1
    with Pool(2) as pool:
        ir = pool.map(interval_cell, icells, chunksize=1)
        tr = pool.map(type1_cell, tcells, chunksize=1)
    for name, rows in (('null_interval.csv', ir), ('type1.csv', tr)):
        with open(name, 'w', newline='') as fh:
            w = csv.DictWriter(fh, list(rows[0].keys())); w.writeheader(); w.writerows(rows)
    print('P = Q, n = 20: interval')
    for r in ir:
        print(f"k={r['k']:3d} Q={r['Q']:9s} lo=0 share={r['share_lo0']:.4f} cov={r['coverage']:.4f} hi=0 share={r['share_hi0']:.4f} "
              f"width={r['mean_width']:.4f} p<.05={r['typeI_05']:.4f} p<.025={r['typeI_025']:.4f}")
    print('Type-I error of G-test')
    for r in tr:
        print(f"k={r['k']:3d} n={r['n']:5d} n/k={r['n_over_k']:6.2f} Q={r['Q']:9s} p<.05={r['typeI_05']:.4f} p<.025={r['typeI_025']:.4f} p<.01={r['typeI_01']:.4f} (se {r['se_05']:.4f}) df={r['mean_df']:.1f}")
