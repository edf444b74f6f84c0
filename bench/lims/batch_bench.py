#!/usr/bin/env python3
"""Batch registration (POST /api/v1/registrations/batch) timed from one client connection.

Usage: bench/lims/batch.sh (starts lims-server on a temporary data directory and runs this with
its URL). Prints, per batch size, the time until the answer (every accepted entry durable) and
the registrations per second that makes for one client, e.g. a station draining its backlog.
"""
import json, urllib.request, time, sys
B=sys.argv[1]
def call(path, body=None, token=None):
    req=urllib.request.Request(B+path, data=json.dumps(body).encode() if body is not None else None, method="POST" if body is not None else "GET")
    req.add_header("Content-Type","application/json")
    if token: req.add_header("Authorization","Bearer "+token)
    with urllib.request.urlopen(req) as r: return json.loads(r.read())
adm=call("/api/v1/session",{"username":"admin","password":"admin-password-1"})["token"]
call("/api/v1/users",{"username":"sam1","password":"sampler-pass-1","role":"sampler"},adm)
tok=call("/api/v1/session",{"username":"sam1","password":"sampler-pass-1"})["token"]
camp=call("/api/v1/campaigns",{"name":"b","area":"A","starts_at":"2026-11-23T00:00:00+08:00"},adm)["id"]
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
def rid(n):
    f="110101%04d%02d%02d%03d"%(1950+n//336000%70,1+n//28000%12,1+n//1000%28,n%1000)
    return f+"10X98765432"[sum(int(c)*w for c,w in zip(f,W))%11]
base=0
for size in (10,100,1000,1000,1000):
  tubes=call("/api/v1/tube-codes",{"count":size//10},tok)["codes"]
  entries=[{"campaign_id":camp,"tube":tubes[i//10],"id_type":"resident_id","id_number":rid(base+i),"name":"测试","station":"S","idempotency_key":"b%d"%(base+i)} for i in range(size)]
  base+=size
  t=time.perf_counter(); r=call("/api/v1/registrations/batch",{"registrations":entries},tok); el=time.perf_counter()-t
  print(size, "entries:", round(el*1000,1), "ms,", r["accepted"], "accepted,", round(size/el), "registrations/s")
