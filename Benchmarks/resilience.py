#!/usr/bin/env python3
"""make resilience: what happens to Quorum when things go wrong, as figures.

Runs against servers it starts itself on loopback, over the private cluster's
`quorum_resilience` database (demo data), and stops by itself: every scenario
is bounded in time. Each figure prints as `FIGURE <name> <value>`.

Scenarios: concurrency (one winner), idempotency (replays), pool exhaustion
(503 + Retry-After, then recovery), database faults (terminated backends and
restarts under load), crashes (SIGKILL mid-load), two instances on one
database, and canaries in the logs.
"""
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "debug", "quorum")
DB = os.path.join(ROOT, "scripts", "local-db.sh")
LOGS = os.path.join(ROOT, ".quorum", "resilience-logs")
CANARY = "canary-" + uuid.uuid4().hex[:12]


def log(message):
    print(f"resilience: {message}", file=sys.stderr, flush=True)


def figure(name, value):
    print(f"FIGURE {name} {value}", flush=True)


def db_url(who):
    return subprocess.check_output([DB, "url", "quorum_resilience", who], text=True).strip()


def psql(sql, who="owner"):
    """Runs SQL (sent on standard input: it may be long) and returns the output."""
    return subprocess.check_output(["psql", "-X", "-qtA", "-v", "ON_ERROR_STOP=1", db_url(who)], input=sql, text=True).strip()


class Server:
    """A Quorum server process with its own port and log file."""

    count = 0

    def __init__(self, port, pool=8, acquire_ms=5000, person_limits=False):
        self.port = port
        Server.count += 1
        os.makedirs(LOGS, exist_ok=True)
        self.log_path = os.path.join(LOGS, f"server-{port}-{Server.count}.log")
        env = dict(os.environ, PORT=str(port), DATABASE_URL=db_url("app"), QUORUM_DB_POOL_SIZE=str(pool),
                   QUORUM_DB_ACQUIRE_TIMEOUT_MS=str(acquire_ms), LOG_LEVEL="info")
        if not person_limits:
            # The scenarios send one coordinator's requests in parallel on purpose; the flood scenario keeps the limits.
            env.update(QUORUM_PERSON_CONCURRENCY="1000", QUORUM_PERSON_BURST="100000000", QUORUM_PERSON_RATE="100000000")
        self.log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen([BIN, "serve"], env=env, stdout=self.log_file, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if request(port, "GET", "/readyz")[0] == 200:
                return
            time.sleep(0.05)
        raise RuntimeError(f"server on {port} did not become ready")

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log_file.close()

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log_file.close()


def request(port, method, path, token=None, body=None, headers=None, timeout=15):
    """(status, headers, body text); status 0 when the connection failed."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body) if not isinstance(body, str) else body
            sent["Content-Type"] = "application/json"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        text = response.read().decode()
        result = (response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        connection.close()
        return result
    except (OSError, http.client.HTTPException):
        return (0, {}, "")


def parallel(functions):
    results = [None] * len(functions)
    barrier = threading.Barrier(len(functions))

    def run(index, function):
        barrier.wait()
        results[index] = function()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def active_enrolments(port, token):
    status, _, text = request(port, "GET", "/v1/enrolments?limit=100", token)
    assert status == 200, (status, text)
    return [item["id"] for item in json.loads(text)["items"] if item["status"] == "active"]


FTES = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.55, 0.65, 0.75]


def contend(ports, token, enrolment, clients=8):
    """Eight clients send the same transition on one version: how many win."""
    status, headers, text = request(ports[0], "GET", f"/v1/enrolments/{enrolment}", token)
    current = json.loads(text)["fte"]
    values = [value for value in FTES if abs(value - current) > 1e-9][:clients]
    etag = headers["etag"]
    calls = [(lambda port=ports[i % len(ports)], value=values[i]:
              request(port, "PATCH", f"/v1/enrolments/{enrolment}", token, {"fte": value, "reason": "Hours changed"}, {"If-Match": etag})[0])
             for i in range(clients)]
    return parallel(calls)


def scenario_concurrency(port, token, enrolment, trials):
    single = 0
    for _ in range(trials):
        statuses = contend([port], token, enrolment)
        if statuses.count(200) == 1 and statuses.count(412) == len(statuses) - 1:
            single += 1
    figure("concurrency_single_winner_trials", f"{single}/{trials}")


def scenario_idempotency(port, token, enrolment, creates):
    path = f"/v1/enrolments/{enrolment}/concerns"
    marker = "idem-" + uuid.uuid4().hex[:8]
    identical = 0
    lock = threading.Lock()

    def one(index):
        nonlocal identical
        key = str(uuid.uuid4())
        body = {"category": "progress", "severity": "developmental", "description": f"{marker} {index}"}
        first = request(port, "POST", path, token, body, {"Idempotency-Key": key})
        same = 0
        for _ in range(3):
            again = request(port, "POST", path, token, body, {"Idempotency-Key": key})
            if again[0] == first[0] and again[2] == first[2]:
                same += 1
        with lock:
            identical += same

    threads = []
    for worker in range(8):
        indices = range(worker, creates, 8)
        thread = threading.Thread(target=lambda indices=indices: [one(i) for i in indices])
        threads.append(thread)
        thread.start()
    for thread in threads:
        thread.join()
    records = int(psql(f"SELECT count(*) FROM concerns WHERE description LIKE '{marker} %'"))
    figure("idempotency_records", f"{records}/{creates}")
    figure("idempotency_identical_replies", f"{identical}/{creates * 3}")


def scenario_pool(token, enrolment):
    """More clients than connections, with a query held up: 503 + Retry-After, then recovery."""
    server = Server(18191, pool=2, acquire_ms=300)
    try:
        holder = subprocess.Popen(["psql", "-X", "-q", db_url("owner"), "-c",
                                   "BEGIN; LOCK TABLE enrolments IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;"])
        time.sleep(0.5)
        results = parallel([lambda: request(server.port, "GET", path, token, timeout=20) for path in
                            [f"/v1/enrolments/{enrolment}", "/v1/enrolments?limit=5", f"/v1/enrolments/{enrolment}/tracker"] * 4])
        seen = any(status == 503 and "retry-after" in headers for status, headers, _ in results)
        holder.wait()
        time.sleep(0.5)
        recovered = all(request(server.port, "GET", f"/v1/enrolments/{enrolment}", token)[0] == 200 for _ in range(20))
        figure("pool_503_seen", 1 if seen else 0)
        figure("pool_recovered", 1 if recovered else 0)
    finally:
        server.stop()


def scenario_dbfaults(server, token, enrolment, terminations, restarts):
    stop = threading.Event()

    def load():
        while not stop.is_set():
            request(server.port, "GET", f"/v1/enrolments/{enrolment}", token, timeout=5)
            time.sleep(0.01)

    loaders = [threading.Thread(target=load) for _ in range(4)]
    for thread in loaders:
        thread.start()
    recovered = 0
    faults = 0
    crashes = 0
    for index in range(terminations + restarts):
        if index < terminations:
            psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'quorum_app' AND datname = 'quorum_resilience'", "admin")
        else:
            subprocess.check_call([DB, "restart"], stdout=subprocess.DEVNULL)
        faults += 1
        started = time.time()
        while time.time() - started < 10:
            if request(server.port, "GET", f"/v1/enrolments/{enrolment}", token, timeout=5)[0] == 200:
                recovered += 1
                break
            time.sleep(0.1)
        if not server.alive():
            crashes += 1
            break
    stop.set()
    for thread in loaders:
        thread.join()
    figure("dbfault_crashes", crashes)
    figure("dbfault_success_pct", f"{100 * recovered / max(faults, 1):.1f}")


def scenario_crash(token, enrolment, iterations):
    """SIGKILL mid-load: every acknowledged write survives, nothing is half-written."""
    path = f"/v1/enrolments/{enrolment}/concerns"
    acknowledged = []
    lock = threading.Lock()
    for iteration in range(iterations):
        server = Server(18192)
        stop = threading.Event()

        def load():
            while not stop.is_set():
                status, _, text = request(server.port, "POST", path, token,
                                          {"category": "conduct", "severity": "serious", "description": f"crash {iteration}"}, timeout=5)
                if status == 201:
                    with lock:
                        acknowledged.append(json.loads(text)["id"])

        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(random.uniform(0.2, 0.8))
        server.kill()
        stop.set()
        for thread in threads:
            thread.join()
    ids = ",".join(f"'{value}'" for value in acknowledged) or "NULL"
    present = int(psql(f"SELECT count(*) FROM concerns WHERE id IN ({ids})")) if acknowledged else 0
    partial = int(psql("""
        SELECT count(*) FROM concerns c
         WHERE c.description LIKE 'crash %'
           AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.entity_id = c.id AND a.action = 'concern.raised')
        """))
    figure("crash_partial_records", partial)
    figure("crash_lost_writes", len(acknowledged) - present)
    log(f"crash: {iterations} kills, {len(acknowledged)} acknowledged writes")


def scenario_two_instances(token, enrolment, trials):
    first, second = Server(18193), Server(18194)
    try:
        double = 0
        for _ in range(trials):
            statuses = contend([first.port, second.port], token, enrolment)
            if statuses.count(200) > 1:
                double += 1
        figure("two_instance_double_transitions", double)
        # Read-modify-write from four clients across both servers, retrying on 412.
        _, headers, _ = request(first.port, "GET", f"/v1/enrolments/{enrolment}", token)
        start_version = int(headers["etag"].strip('"v'))
        successes = 0
        lock = threading.Lock()

        def writer(index):
            nonlocal successes
            port = (first.port, second.port)[index % 2]
            done = 0
            while done < 15:
                _, headers, text = request(port, "GET", f"/v1/enrolments/{enrolment}", token)
                current = json.loads(text)["fte"]
                value = next(v for v in FTES if abs(v - current) > 1e-9)
                status = request(port, "PATCH", f"/v1/enrolments/{enrolment}", token, {"fte": value, "reason": "Hours changed"},
                                 {"If-Match": headers["etag"]})[0]
                if status == 200:
                    done += 1
            with lock:
                successes += done

        parallel([lambda i=i: writer(i) for i in range(4)])
        _, headers, _ = request(first.port, "GET", f"/v1/enrolments/{enrolment}", token)
        end_version = int(headers["etag"].strip('"v'))
        figure("two_instance_lost_updates", successes - (end_version - start_version))
    finally:
        first.stop()
        second.stop()


def scenario_canaries(port, token, enrolment):
    """Personal data and credentials sent in requests must not reach the logs."""
    request(port, "GET", "/v1/me", f"{CANARY}-token")
    request(port, "POST", f"/v1/enrolments/{enrolment}/concerns", token,
            {"category": "conduct", "severity": "serious", "description": f"{CANARY} Jane Citizen, 12 Canary Road, NI AB123456C"})
    request(port, "POST", f"/v1/enrolments/{enrolment}/concerns", token, f'{{"description": "{CANARY} broken json')
    request(port, "GET", f"/v1/enrolments/{enrolment}?asOf={CANARY}", token)
    request(port, "POST", "/v1/enrolments", token, {"nqswId": CANARY, "email": f"{CANARY}@example.org"})


def scenario_throttle(port, token, seconds):
    """One client floods unknown tokens while another, from the same address, uses a valid one: never refused."""
    stop = time.time() + seconds
    throttled = [0]

    def flood():
        n = 0
        while time.time() < stop:
            n += 1
            status = request(port, "GET", "/v1/me", f"qrm_{'z' * 39}{n % 10000:04d}", headers={"X-Forwarded-For": f"192.0.2.{n % 250}"})[0]
            throttled[0] += status == 429

    def valid():
        refused = 0
        while time.time() < stop:
            refused += request(port, "GET", "/v1/me", token)[0] != 200
            time.sleep(0.02)
        return refused

    results = parallel([flood, flood, valid])
    log(f"throttle: {throttled[0]} flood requests answered 429")
    figure("valid_requests_throttled", results[2])


def scenario_slow_headers(port, connections):
    """Connections that send half a request and then nothing are closed by the server's idle timeout."""
    sockets = []
    for _ in range(connections):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sockets.append(s)
        except OSError:
            pass
    time.sleep(30)
    still_open = 0
    for s in sockets:
        s.settimeout(0.5)
        try:
            data = s.recv(1)
            still_open += data != b""  # b"" means the server closed it
        except socket.timeout:
            still_open += 1
        except OSError:
            pass
        s.close()
    log(f"slow headers: {len(sockets)} half-sent requests, {still_open} still open after 30 s")
    figure("slow_header_connections_open_after_30s", still_open)


def scenario_flood(token_flooder, token_victim, enrolment, seconds):
    """One person floods their largest list at 16 connections; another's /v1/me median, divided by idle."""
    server = Server(18195, person_limits=True)
    try:
        def median_me(duration):
            latencies = []
            end = time.time() + duration
            while time.time() < end:
                start = time.perf_counter()
                if request(server.port, "GET", "/v1/me", token_victim)[0] == 200:
                    latencies.append(time.perf_counter() - start)
                time.sleep(0.01)
            latencies.sort()
            return latencies[len(latencies) // 2] if latencies else float("inf")

        idle = median_me(3)
        # The flood runs in its own process (wrk, 16 connections): in this one it would
        # hold the interpreter's lock and time the load generator, not the server.
        flood = subprocess.Popen(["wrk", "-t2", "-c16", f"-d{seconds}s", "-H", f"Authorization: Bearer {token_flooder}",
                                  f"http://127.0.0.1:{server.port}/v1/enrolments/{enrolment}/evidence"],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(1)
        during = median_me(seconds - 2)
        output = flood.communicate()[0]
        refused = [sum(int(line.split()[-1]) for line in output.splitlines() if "Non-2xx" in line)]
        log(f"flood: victim /v1/me median {idle * 1000:.2f} ms idle, {during * 1000:.2f} ms during; {refused[0]} flood requests answered 429")
        figure("flood_victim_p50_ratio", f"{during / idle:.2f}")
    finally:
        server.stop()


def main():
    tokens = json.load(open(os.path.join(ROOT, ".quorum", "resilience-tokens.json")))
    coordinator = next(p["token"] for p in tokens if p["email"] == "coordinator@northshire.example")
    quick = os.environ.get("RESILIENCE_QUICK") == "1"
    server = Server(18190)
    try:
        enrolments = active_enrolments(server.port, coordinator)
        log(f"{len(enrolments)} active enrolments; canary {CANARY}")
        scenario_canaries(server.port, coordinator, enrolments[0])
        log("concurrency")
        scenario_concurrency(server.port, coordinator, enrolments[0], 20 if quick else 200)
        log("idempotency")
        scenario_idempotency(server.port, coordinator, enrolments[1], 100 if quick else 1000)
        log("database faults")
        scenario_dbfaults(server, coordinator, enrolments[2], 5 if quick else 50, 2 if quick else 10)
        log("a flood of bad tokens beside a valid one")
        scenario_throttle(server.port, coordinator, 5 if quick else 15)
        log("slow headers")
        scenario_slow_headers(server.port, 50 if quick else 500)
    finally:
        server.stop()
    log("one person floods a list while another works")
    assessor = next(p["token"] for p in tokens if p["email"] == "assessor1@northshire.example")
    scenario_flood(coordinator, assessor, enrolments[0], 6 if quick else 12)
    log("pool exhaustion")
    scenario_pool(coordinator, enrolments[2])
    log("crashes")
    scenario_crash(coordinator, enrolments[3], 10 if quick else 100)
    log("two instances")
    scenario_two_instances(coordinator, enrolments[4], 20 if quick else 100)
    found = 0
    for name in os.listdir(LOGS):
        with open(os.path.join(LOGS, name), errors="replace") as handle:
            found += handle.read().count(CANARY)
    figure("log_canaries_found", found)


if __name__ == "__main__":
    main()
