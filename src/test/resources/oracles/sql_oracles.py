# Oracle values for SqlFunctionsTest. scipy 1.17 where it has the function; otherwise mpmath at
# 40 digits on the closed forms written out by hand (Hellinger, TV, Jeffreys/PSI, Gaussian, MVN,
# Poisson, exponential, Bernoulli, VAE).
import numpy as np, mpmath as mp
from scipy import stats
from scipy.spatial import distance
mp.mp.dps = 40
p=[.5,.3,.2]; q=[.2,.3,.5]
P=[mp.mpf(x) for x in p]; Q=[mp.mpf(x) for x in q]
print("entropy bits", repr(stats.entropy(p, base=2)))
print("cross_entropy nats", mp.nstr(-mp.fsum(a*mp.log(b) for a,b in zip(P,Q)),20))
print("kl nats", repr(stats.entropy(p,q)), "bits", repr(stats.entropy(p,q,base=2)))
print("js nats", repr(distance.jensenshannon(p,q)**2), "jsdist bits", repr(distance.jensenshannon(p,q,base=2)))
print("hellinger", mp.nstr(mp.sqrt(1-mp.fsum(mp.sqrt(a*b) for a,b in zip(P,Q))),20))
print("tv", mp.nstr(mp.fsum(abs(a-b) for a,b in zip(P,Q))/2,20))
print("jeffreys", mp.nstr(mp.fsum((a-b)*mp.log(a/b) for a,b in zip(P,Q)),20), "scipy", repr(stats.entropy(p,q)+stats.entropy(q,p)))
print("bern(0.3,0.6)", mp.nstr(mp.mpf('0.3')*mp.log(mp.mpf('0.3')/mp.mpf('0.6'))+mp.mpf('0.7')*mp.log(mp.mpf('0.7')/mp.mpf('0.4')),20))
def kg(m1,s1,m2,s2):
    m1,s1,m2,s2=map(mp.mpf,(m1,s1,m2,s2)); return mp.log(s2/s1)+(s1**2+(m1-m2)**2)/(2*s2**2)-mp.mpf(1)/2
print("gauss(1,2,-0.5,1.5)", mp.nstr(kg(1,2,-0.5,1.5),20))
print("gaussdiag", mp.nstr(kg(0,1,1,2)+kg(1,mp.sqrt(mp.mpf('0.5')),0,1),20))
print("poisson(2,3.5)", mp.nstr(2*mp.log(mp.mpf(2)/mp.mpf('3.5'))-2+mp.mpf('3.5'),20))
print("exp(1.5,0.5)", mp.nstr(mp.log(mp.mpf('1.5')/mp.mpf('0.5'))+mp.mpf('0.5')/mp.mpf('1.5')-1,20))
mu=[mp.mpf('0.5'),mp.mpf('-1')]; lv=[mp.mpf('0.2'),mp.mpf('-0.7')]
print("vae", mp.nstr(mp.fsum((m**2+mp.exp(l)-1-l)/2 for m,l in zip(mu,lv)),20))
m1=mp.matrix([1,0,-1]); m2=mp.matrix([0,1,0])
S1=mp.matrix([[2,0.5,0],[0.5,1,0.25],[0,0.25,1.5]]); S2=mp.matrix([[1,0.2,0.1],[0.2,2,0],[0.1,0,1]])
d=m2-m1; S2i=S2**-1
kl=(mp.fsum((S2i*S1)[i,i] for i in range(3)) + (d.T*S2i*d)[0] - 3 + mp.log(mp.det(S2)/mp.det(S1)))/2
print("mvn", mp.nstr(kl,20))
