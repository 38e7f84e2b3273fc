"""Coverage of klspark's KL interval outside KlEvidenceSimulationTest's scheme.
Usage: python3 sim.py [reps]  -> writes coverage.csv and prints a table."""
import sys, csv, time
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import numpy as np
from multiprocessing import Pool
from klci import interval, stats

def kl(p, q):
    m = p > 0
    return float(np.sum(p[m] * np.log(p[m] / q[m])))

def tilt(q, d, target):
    """p ∝ q e^{t d}, t >= 0 with KL(p||q) = target; None if unreachable."""
    if target == 0: return q.copy()
    sup = q > 0
    dmax = d[sup].max()
    if -np.log(q[sup & (d == dmax)].sum()) <= target * 1.0001: return None
    def p_of(t):
        e = np.where(sup, np.log(np.where(sup, q, 1)) + t * (d - dmax), -np.inf)
        e -= e.max(); p = np.exp(e); return p / p.sum()
    lo, hi = 0.0, 1.0
    while kl(p_of(hi), q) < target: hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if kl(p_of(mid), q) < target: lo = mid
        else: hi = mid
    return p_of(hi)

def draw_tilted(rng, k, alpha, target):
    while True:
        q = rng.dirichlet([alpha] * k)
        d = rng.standard_normal(k)
        p = tilt(q, d, target)
        if p is not None: return p, q

# ---- scenario definitions: each returns (p, q) given rng ----
def make(cell):
    kind = cell['kind']
    if kind == 'tilt':
        return lambda rng: draw_tilted(rng, cell['k'], cell['alpha'], cell['target'])
    if kind == 'sparserP':   # P = Q restricted to a random subset (drop j categories)
        def f(rng):
            k = cell['k']; q = rng.dirichlet([cell['alpha']] * k)
            drop = rng.choice(k, cell['drop'], replace=False)
            p = q.copy(); p[drop] = 0; return p / p.sum(), q
        return f
    if kind == 'fixed':
        p = np.array(cell['p'], float); q = np.array(cell['q'], float)
        return lambda rng: (p, q)
    raise ValueError(kind)

def run_cell(args):
    cell, reps, seed = args
    rng = np.random.default_rng(seed)
    gen = make(cell)
    n = cell['n']
    hit = misslow = misshigh = 0; widths = []; truths = []; zero_lo = 0; degenerate = 0
    for _ in range(reps):
        p, q = gen(rng)
        th = kl(p, q)
        c = rng.multinomial(n, p / p.sum())
        lo, hi = interval(c, q)
        truths.append(th); widths.append(hi - lo)
        if lo <= th + 1e-12 and th <= hi + 1e-12: hit += 1
        elif th < lo: misslow += 1     # interval entirely above truth
        else: misshigh += 1           # interval entirely below truth
        zero_lo += lo == 0
        degenerate += hi == 0
    return dict(scenario=cell['scenario'], desc=cell['desc'], n=n, k=cell.get('k', len(cell.get('q', []))),
                target=cell.get('target', ''), mean_true_kl=np.mean(truths), reps=reps,
                coverage=hit / reps, miss_above=misslow / reps, miss_below=misshigh / reps,
                mean_width=float(np.mean(widths)), median_width=float(np.median(widths)),
                share_lo0=zero_lo / reps, share_hi0=degenerate / reps)

def cells():
    out = []
    # S1 very uneven Q
    for k in (10, 50):
        for n in (50, 200, 1000):
            for t in (0, 0.05, 0.2, 1.0):
                out.append(dict(scenario='S1 Q~Dir(0.2), P tilted', desc=f'k={k}', kind='tilt', k=k, alpha=0.2, target=t, n=n))
    # S2 P sparser than Q
    for k, drops in ((5, (1, 2)), (20, (1, 5, 10))):
        for dr in drops:
            for n in (50, 200, 1000):
                out.append(dict(scenario='S2 P=Q|S (zeros where q>0)', desc=f'k={k} drop {dr}', kind='sparserP', k=k, alpha=2.0, drop=dr, n=n))
    # S3 one rare category dominates KL
    for eps, pr in ((1e-3, 0.01), (1e-3, 0.05), (1e-4, 0.01), (1e-4, 0.05)):
        q = [eps] + [(1 - eps) / 9] * 9
        p = [pr] + [(1 - pr) / 9] * 9
        for n in (50, 200, 1000):
            out.append(dict(scenario='S3 rare category', desc=f'k=10 q_r={eps:g} p_r={pr:g}', kind='fixed', p=p, q=q, k=10, n=n))
    # S4 large k
    for k in (100, 200):
        for n in (50, 100, 200, 500):
            for t in (0, 0.05, 0.2, 0.5):
                out.append(dict(scenario='S4 large k, Q~Dir(2)', desc=f'k={k}', kind='tilt', k=k, alpha=2.0, target=t, n=n))
    # S5 small n
    for n in (20, 30):
        for k in (2, 5, 10, 20):
            for t in (0, 0.05, 0.2, 0.5, 1.0):
                out.append(dict(scenario='S5 small n, Q~Dir(2)', desc=f'k={k}', kind='tilt', k=k, alpha=2.0, target=t, n=n))
    # S6 large KL
    for k in (5, 20, 50):
        for n in (50, 200, 1000):
            for t in (2.0, 3.0):
                out.append(dict(scenario='S6 large KL, Q~Dir(2)', desc=f'k={k}', kind='tilt', k=k, alpha=2.0, target=t, n=n))
    # S7 two categories near the boundary
    for q1, p1s in ((0.5, (0.9, 0.99, 0.999, 1.0)), (0.01, (0.0, 0.001, 0.005, 0.03, 0.1)), (0.001, (0.0, 0.0001, 0.01))):
        for p1 in p1s:
            for n in (20, 50, 200, 1000):
                out.append(dict(scenario='S7 k=2 boundary', desc=f'q1={q1:g} p1={p1:g}', kind='fixed', p=[p1, 1 - p1], q=[q1, 1 - q1], k=2, n=n))
    return out

if __name__ == '__main__':
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    cs = cells()
    t0 = time.time()
    with Pool(2) as pool:
        res = pool.map(run_cell, [(c, reps, 1000 + i) for i, c in enumerate(cs)], chunksize=1)
    keys = list(res[0].keys())
    with open('coverage.csv', 'w', newline='') as fh:
        w = csv.DictWriter(fh, keys); w.writeheader(); w.writerows(res)
    for r in res:
        flag = ' <0.90' if r['coverage'] < 0.90 else (' >0.99' if r['coverage'] > 0.99 else '')
        print(f"{r['scenario']:30s} {r['desc']:24s} n={r['n']:5d} tgt={str(r['target']):5s} KL={r['mean_true_kl']:.4f} "
              f"cov={r['coverage']:.3f} (above {r['miss_above']:.3f}, below {r['miss_below']:.3f}) width={r['mean_width']:.4f} lo0={r['share_lo0']:.3f}{flag}")
    print('elapsed', time.time() - t0)
