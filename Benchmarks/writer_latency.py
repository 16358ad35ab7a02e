#!/usr/bin/env python3
"""One writer's latency: records evidence items one after another for DURATION
seconds (keep-alive, one connection) and prints the median in milliseconds.

    writer_latency.py PORT TOKEN ENROLMENT DURATION
"""
import http.client
import json
import statistics
import sys
import time

port, token, enrolment, duration = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
today = time.strftime("%Y-%m-%d")
latencies = []
failures = 0
end = time.monotonic() + duration
n = 0
while time.monotonic() < end:
    n += 1
    body = json.dumps({"kind": "direct_observation", "practiceDate": today, "description": f"Bench write {n}", "statements": ["KSS-CF-1"]})
    start = time.perf_counter()
    connection.request("POST", f"/v1/enrolments/{enrolment}/evidence", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status == 201:
        latencies.append(elapsed)
    else:
        failures += 1
if not latencies:
    sys.exit(f"writer: no write succeeded ({failures} failed)")
print(f"{statistics.median(latencies):.2f} {len(latencies)} {failures}")
