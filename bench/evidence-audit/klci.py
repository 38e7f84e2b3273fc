"""Independent re-implementation of klspark KlEvidence interval (from Javadoc/README).
G = 2n KL(P^||Q); G ~ c * ncx2(nu/c, 2 n theta / c), c = (2nu + 8 n theta r)/(2nu + 8 n theta),
r = Var_P^[ln p^/q] / (2 KL^) clamped [1/4, 4] (1 if KL^ = 0). nu = #{q>0} - 1.
lo solves P_theta(G >= g) = a/2 (0 if F(0) <= 1-a/2); hi solves P_theta(G <= g) = a/2 (0 if F(0) <= a/2).
"""
import numpy as np
from scipy.stats import ncx2, chi2, norm
from scipy.optimize import brentq
from scipy.special import gammaincc

def sankaran_cdf(x, k, lam):
    h = 1 - 2/3*(k+lam)*(k+3*lam)/((k+2*lam)**2)
    p = (k+2*lam)/((k+lam)**2)
    m = (h-1)*(1-3*h)
    z = ((x/(k+lam))**h - (1 + h*p*(h-1-0.5*(2-h)*m*p)))/(h*np.sqrt(2*p)*(1+0.5*m*p))
    return norm.cdf(z)

def nc_cdf(x, df, lam, java=False):
    if x <= 0: return 0.0
    if lam == 0: return chi2.cdf(x, df)
    if java and lam >= 100: return sankaran_cdf(x, df, lam)
    return float(ncx2.cdf(x, df, lam))

def stats(counts, q):
    c = np.asarray(counts, float); q = np.asarray(q, float)
    n = c.sum(); p = c / n
    pos = p > 0
    if np.any(pos & (q <= 0)):
        return n, np.inf, np.inf, max(0, int((q > 0).sum()) - 1), 1.0
    l = np.log(p[pos] / q[pos])
    kl = max(0.0, float(np.sum(p[pos] * l)))
    df = max(0, int((q > 0).sum()) - 1)
    if kl > 0:
        s2 = max(0.0, float(np.sum(p[pos] * l * l)) - kl * kl)
        r = min(4.0, max(0.25, s2 / (2 * kl)))
    else:
        r = 1.0
    return n, kl, 2 * n * kl, df, r

def pvalue(counts, q):
    n, kl, g, df, r = stats(counts, q)
    if np.isinf(g): return 0.0
    if df == 0: return 1.0
    return float(gammaincc(df / 2, g / 2))

def cdf_theta(g, df, n, theta, r, java=False):
    nu = float(df)
    c = (2*nu + 8*n*theta*r) / (2*nu + 8*n*theta)
    return nc_cdf(g / c, nu / c, 2*n*theta / c, java)

def interval(counts, q, level=0.95, java=False):
    n, kl, g, df, r = stats(counts, q)
    if np.isinf(kl): return (np.inf, np.inf)
    if df == 0: return (0.0, 0.0)
    a = 1 - level
    f = lambda t: cdf_theta(g, df, n, t, r, java)
    f0 = f(0.0)
    top = max(4*g/(2*n) + 20/n, 1e-9)
    for _ in range(200):
        if f(top) > a/2: top *= 2
        else: break
    lo = 0.0 if f0 <= 1 - a/2 else brentq(lambda t: f(t) - (1 - a/2), 0.0, top, xtol=1e-15, rtol=1e-9, maxiter=1000)
    hi = 0.0 if f0 <= a/2 else brentq(lambda t: f(t) - a/2, 0.0, top, xtol=1e-15, rtol=1e-9, maxiter=1000)
    return (lo, hi)
