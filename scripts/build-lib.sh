# Sourced by the scripts that build and run a server (demo server, bench,
# resilience): a failed build stops the script with the compiler's output,
# never a stale binary; a server that never becomes ready stops it too.

# build_product PRODUCT [swift build options...]
build_product() {
    local product=$1; shift
    local output
    output=$(mktemp)
    if ! swift build "$@" --product "$product" >"$output" 2>&1; then
        grep -E 'error:' "$output" | head -40 >&2 || true
        tail -n 20 "$output" >&2
        rm -f "$output"
        printf 'build of %s failed\n' "$product" >&2
        exit 1
    fi
    rm -f "$output"
}

# wait_ready PORT [SECONDS]: until GET /readyz answers 200, or fail.
wait_ready() {
    local port=$1 seconds=${2:-30}
    for _ in $(seq 1 $((seconds * 10))); do
        curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return 0
        sleep 0.1
    done
    printf 'the server on port %s did not become ready within %s seconds\n' "$port" "$seconds" >&2
    exit 1
}
