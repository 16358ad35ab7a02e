# Quorum — two commands on a fresh Debian machine (as root):
#   make run    set up, migrate, load demo data and serve on http://127.0.0.1:8080
#   make test   set up a test database and run the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := help
DB := scripts/local-db.sh
PORT ?= 8080
export PORT

.PHONY: help deps db run test bench resilience browser-test clean-db

help:
	@sed -n '1,4p' Makefile

## Install missing system packages (PostgreSQL server, libpq headers, pkg-config).
deps:
	@command -v swift >/dev/null || { echo "swift is not on PATH (expected the Swift toolchain at /opt/swift)"; exit 1; }
	@$(DB) deps

## Start the private cluster and create the development database.
db: deps
	@$(DB) start
	@$(DB) createdb quorum

## Everything, then serve. Ctrl-C stops the server; the cluster keeps running (make clean-db stops it).
run: db
	swift build --product quorum
	.build/debug/quorum migrate
	.build/debug/quorum demo-data --tokens-out .quorum/demo-tokens.json
	@test -s .quorum/audit.key || (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > .quorum/audit.key)
	@echo "Sign in with a token from .quorum/demo-tokens.json, e.g.:"
	@echo "  curl -H \"Authorization: Bearer \$$(python3 -c 'import json;print(json.load(open(\".quorum/demo-tokens.json\"))[0][\"token\"])')\" http://127.0.0.1:$(PORT)/v1/me"
	QUORUM_AUDIT_KEY_FILE=.quorum/audit.key QUORUM_AUDIT_ANCHOR_FILE=.quorum/audit-anchors.log exec .build/debug/quorum serve

## The whole suite against a fresh database on the private cluster, then a short
## schemathesis run (≈ 3,000 requests: no 5xx, every response as documented).
test: deps
	@$(DB) start
	@$(DB) resetdb quorum_test
	QUORUM_TEST_DATABASE_URL="$$($(DB) url quorum_test app)" \
	QUORUM_TEST_OWNER_URL="$$($(DB) url quorum_test owner)" \
	QUORUM_TEST_ADMIN_URL="$$($(DB) url quorum_test admin)" \
	swift test
	scripts/fuzz-api.sh 1 coordinator

## Throughput and latency figures (release build, wrk and pgbench on this machine).
bench: db
	Benchmarks/bench.sh

## The resilience suite: faults, crashes, concurrency, replays, log canaries (FIGURE lines).
resilience: db
	Benchmarks/resilience.sh

## The pages in headless Chromium: five journeys, screenshots, axe-core on every page (FIGURE lines).
browser-test: db
	scripts/browser-test.sh

## Stop the private cluster.
clean-db:
	@$(DB) stop
