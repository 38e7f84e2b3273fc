import sys; sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import numpy as np
from sim import make, kl
from klci import interval
def cochran(n, q):
    e = n * q[q > 0]
    return e.min() >= 1 and (e >= 5).mean() >= 0.8
cells = [
 dict(kind='tilt',k=50,alpha=0.2,target=0.05,n=50), dict(kind='tilt',k=50,alpha=0.2,target=0.2,n=200),
 dict(kind='tilt',k=50,alpha=0.2,target=0.05,n=1000), dict(kind='tilt',k=10,alpha=0.2,target=0.05,n=50),
 dict(kind='tilt',k=200,alpha=2,target=0.2,n=100), dict(kind='tilt',k=200,alpha=2,target=0.05,n=500),
 dict(kind='tilt',k=100,alpha=2,target=0.5,n=200), dict(kind='tilt',k=100,alpha=2,target=0.2,n=500),
 dict(kind='tilt',k=50,alpha=2,target=3,n=200), dict(kind='tilt',k=50,alpha=2,target=2,n=1000),
 dict(kind='tilt',k=20,alpha=2,target=1,n=200), dict(kind='tilt',k=5,alpha=2,target=0.2,n=50),
 dict(kind='fixed',p=[0.01,0.99],q=[0.001,0.999],n=50), dict(kind='fixed',p=[0.01,0.99],q=[0.001,0.999],n=5000),
 dict(kind='fixed',p=[0.9,0.1],q=[0.5,0.5],n=20), dict(kind='fixed',p=[0.005,0.995],q=[0.01,0.99],n=200),
 dict(kind='fixed',p=[0.005,0.995],q=[0.01,0.99],n=600),
]
rng = np.random.default_rng(7)
for cell in cells:
    gen = make(cell); n = cell['n']; hit = tot = passed = 0; allhit = 0
    for _ in range(400):
        p, q = gen(rng)
        c = rng.multinomial(n, p).astype(float)
        lo, hi = interval(c, q, java=True)
        t = kl(p, q)
        ok = lo <= t + 1e-12 and t <= hi + 1e-12
        allhit += ok
        if cochran(n, q):
            passed += 1; hit += ok
    cov = hit / passed if passed else float('nan')
    print({k: v for k, v in cell.items() if k != 'kind'}, f"all={allhit/400:.3f} pass_share={passed/400:.2f} cov_given_pass={cov:.3f}")
