import numpy as np
from scipy import stats
from scipy.spatial import distance
from scipy.special import rel_entr
import mpmath as mp
mp.mp.dps = 40
cases = [([.5,.3,.2],[.33,.33,.34]), ([.9,.1],[.5,.5]), ([.25,.25,.25,.25],[.1,.2,.3,.4]), ([1.0,0.0],[0.5,0.5]), ([0.999999,0.000001],[0.999998,0.000002])]
for p,q in cases:
    p=np.array(p);q=np.array(q)
    print(p.tolist(), q.tolist())
    print(" H nats", repr(stats.entropy(p)), " bits", repr(stats.entropy(p,base=2)))
    print(" KL nats", repr(stats.entropy(p,q)), " bits", repr(stats.entropy(p,q,base=2)), " rev", repr(stats.entropy(q,p)))
    print(" CE", repr(stats.entropy(p)+stats.entropy(p,q)))
    print(" JSdist nats", repr(distance.jensenshannon(p,q)), " JS nats", repr(distance.jensenshannon(p,q)**2), " JSdist bits", repr(distance.jensenshannon(p,q,base=2)))
    P=[mp.mpf(float(x)) for x in p]; Q=[mp.mpf(float(x)) for x in q]  # exact binary values of the doubles
    kl=mp.fsum(a*mp.log(a/b) for a,b in zip(P,Q) if a>0)
    M=[(a+b)/2 for a,b in zip(P,Q)]
    js=mp.fsum(a*mp.log(a/m)/2 for a,m in zip(P,M) if a>0)+mp.fsum(b*mp.log(b/m)/2 for b,m in zip(Q,M) if b>0)
    print(" mp KL", mp.nstr(kl,20), " JS", mp.nstr(js,20))
