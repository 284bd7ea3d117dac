#!/usr/bin/env bash
# The sign-in path against Logto's engine on loopback, in one command:
#
#   benchmarks/flow-bench.sh                 # 10 warm-up flows, then 60 timed ones in 3 rounds
#   WARMUP=300 FLOWS=90 benchmarks/flow-bench.sh
#   LOGTO_PYTHON_SDK=~/src/logto-python benchmarks/flow-bench.sh   # and the Python SDK side by side
#   PER_FLOW=true benchmarks/flow-bench.sh   # also every flow's SDK time, provider time and difference
#
# Installs the engine (benchmarks/logto-engine: oidc-provider 9.11.3 configured like Logto; needs
# Node 20+ and npm), builds benchmarks.jar if it is missing, starts the engine on a free loopback
# port with REQUEST_LOG=1, runs io.logto.sdk.benchmarks.flow.FlowBenchmark and stops the engine.
# LOGTO_PYTHON_SDK is a folder holding the Python SDK's `logto/` package (public repository
# logto-io/python); it needs python3 with pydantic 2, aiohttp, PyJWT, cryptography and requests
# (on Debian: apt-get install python3-aiohttp python3-jwt python3-cryptography python3-requests).
# Nothing here is part of `mvn verify`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
engine="$here/logto-engine"
jar="$here/target/benchmarks.jar"

command -v node >/dev/null || { echo "flow-bench: needs Node.js 20+ (node not found)" >&2; exit 1; }
if [ ! -d "$engine/node_modules" ] || [ "$engine/package-lock.json" -nt "$engine/node_modules" ]; then
  (cd "$engine" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$engine/node_modules"
fi
if [ ! -f "$jar" ] || [ -n "${REBUILD:-}" ]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi

port=${PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
log=$(mktemp -t logto-engine.XXXXXX.log)
PORT=$port REQUEST_LOG=1 ACCESS_TOKEN_TTL=30 node "$engine/server.mjs" >"$log" 2>&1 &
engine_pid=$!
trap 'kill "$engine_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  grep -q "flow-bench engine on" "$log" 2>/dev/null && break
  kill -0 "$engine_pid" 2>/dev/null || { cat "$log" >&2; echo "flow-bench: the engine did not start" >&2; exit 1; }
  sleep 0.1
done

python_args=()
if [ -n "${LOGTO_PYTHON_SDK:-}" ]; then
  [ -d "$LOGTO_PYTHON_SDK/logto" ] || { echo "flow-bench: $LOGTO_PYTHON_SDK has no logto/ folder" >&2; exit 1; }
  python_args=(--python "env PYTHONPATH=$LOGTO_PYTHON_SDK python3 $here/flow-bench/python_sdk_flow.py")
fi
echo "engine: http://127.0.0.1:$port (oidc-provider $(node -p "require('$engine/node_modules/oidc-provider/package.json').version")); load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
java ${JAVA_OPTS:-} -cp "${BENCH_CLASSPATH:-$jar}" io.logto.sdk.benchmarks.flow.FlowBenchmark \
  --endpoint "http://127.0.0.1:$port" --log "$log" \
  --warmup "${WARMUP:-10}" --flows "${FLOWS:-60}" --rounds "${ROUNDS:-3}" --per-flow "${PER_FLOW:-false}" \
  "${python_args[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
