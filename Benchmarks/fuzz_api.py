#!/usr/bin/env python3
"""Schemathesis against Quorum's own OpenAPI document, with a token per role.

Usage: fuzz_api.py PORT TOKENS_JSON EXAMPLES_PER_OPERATION [ROLE ...]

Runs `schemathesis run` once per role (the demo employer's people), checking
that no response is a 5xx and that every response matches the document
(status, content type, schema). Prints `FIGURE schemathesis_requests`,
`schemathesis_5xx` and `schemathesis_schema_violations`; exits 1 if either
of the last two is not 0.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMATHESIS = os.path.join(ROOT, ".quorum", "venv", "bin", "schemathesis")
DEFAULT_ROLES = ["coordinator", "assessor", "line_manager", "panel_member", "psw", "nqsw", "moderator", "hr"]


def run(port, token, examples, report):
    command = [SCHEMATHESIS, "run", f"http://127.0.0.1:{port}/openapi.yaml", "-H", f"Authorization: Bearer {token}",
               "-n", str(examples), "--seed", "20261124", "-w", "2", "--no-color", "--phases", "examples,coverage,fuzzing",
               "-c", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
               "--report", "ndjson", "--report-ndjson-path", report, "--request-timeout", "20"]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())


def tally(report):
    requests = server_errors = violations = 0
    failures = []
    with open(report) as handle:
        for line in handle:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished["recorder"]
            for interaction in recorder.get("interactions", {}).values():
                requests += 1
                response = interaction.get("response") or {}
                if response.get("status_code", 0) >= 500:
                    server_errors += 1
            for checks in recorder.get("checks", {}).values():
                for check in checks:
                    if check["status"] == "failure" and check["name"] != "not_a_server_error":
                        violations += 1
                        failures.append(f"{recorder['label']}: {check['name']}")
    return requests, server_errors, violations, failures


def main():
    port, tokens_path, examples = sys.argv[1], sys.argv[2], int(sys.argv[3])
    roles = sys.argv[4:] or DEFAULT_ROLES
    people = json.load(open(tokens_path))
    totals = [0, 0, 0]
    seen_failures = []
    for role in roles:
        person = next((p for p in people if role in p["roles"]), None)
        if person is None:
            continue
        with tempfile.NamedTemporaryFile(suffix=".ndjson", delete=False) as report:
            path = report.name
        run(port, person["token"], examples, path)
        requests, server_errors, violations, failures = tally(path)
        os.unlink(path)
        print(f"fuzz: {role}: {requests} requests, {server_errors} 5xx, {violations} schema violations", file=sys.stderr, flush=True)
        totals = [totals[0] + requests, totals[1] + server_errors, totals[2] + violations]
        seen_failures += failures
    for failure in sorted(set(seen_failures))[:20]:
        print(f"fuzz: {failure}", file=sys.stderr)
    print(f"FIGURE schemathesis_requests {totals[0]}")
    print(f"FIGURE schemathesis_5xx {totals[1]}")
    print(f"FIGURE schemathesis_schema_violations {totals[2]}")
    sys.exit(1 if totals[1] or totals[2] or totals[0] == 0 else 0)


if __name__ == "__main__":
    main()
