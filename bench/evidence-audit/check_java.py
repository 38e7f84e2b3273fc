import sys; sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from klci import interval
import json
cases = [([12,0,3,5],[.25]*4), ([930,70],[.5,.5]), ([3,1,0,0,1],[.1,.2,.3,.2,.2]), ([40,35,25],[.4,.35,.25]),
         ([5,0,0,0,0,0,0,0,0,1],[.02]+[.1]*8+[.18]), ([18,2],[.99,.01])]
java = [json.loads(x) for x in open('java_out.txt').read().strip().split('\t')]
print(f"{'counts':28s} {'java low':>12s} {'py(scipy) low':>14s} {'py(sank) low':>13s} {'java high':>12s} {'py(scipy) high':>14s} {'py(sank) high':>13s}")
for (c,q),j in zip(cases,java):
    a = interval(c,q); b = interval(c,q,java=True)
    print(f"{str(c):28s} {j['low']:12.6f} {a[0]:14.6f} {b[0]:13.6f} {j['high']:12.6f} {a[1]:14.6f} {b[1]:13.6f}")
