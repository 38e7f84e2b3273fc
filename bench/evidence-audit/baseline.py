"""Harness sanity check: the test's own scheme (Q~Dir(2), tilt, targets mixed uniformly), 300 reps/cell."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import numpy as np
from multiprocessing import Pool
from sim import run_cell
T = (0, 0.001, 0.01, 0.05, 0.2, 0.5, 1.0)
cells = [dict(scenario='baseline', desc=f'k={k}', kind='tilt', k=k, alpha=2.0, target=t, n=n)
         for n in (50, 200, 1000) for k in (5, 20, 50) for t in T]
with Pool(2) as pool:
    res = pool.map(run_cell, [(c, 150, 77 + i) for i, c in enumerate(cells)], chunksize=1)
import collections
agg = collections.defaultdict(list)
for c, r in zip(cells, res): agg[(c['n'], c['k'])].append(r['coverage'])
for key, v in agg.items(): print(key, round(float(np.mean(v)), 3))
print('overall', round(float(np.mean([r['coverage'] for r in res])), 4))
