#!/usr/bin/env bash
# Standard benchmark suite of Prompt Engine. See bench/README.md.
#
#   bench/run.sh [--stub] [--no-build-server] [-- DRIVER_OPTIONS...]
#
#   --stub             measure the stand-in server (bench/src/test StubServer) instead of the real jar
#   --no-build-server  fail instead of building bootstrap/target/prompt-engine.jar when it is missing
#   -- ...             passed to every driver run, e.g. -- --key K --server-env PE_WORKERS=8
#
# Environment: BENCH_RATE (1000), BENCH_CONCURRENCY (64), BENCH_DURATION (30), BENCH_WARMUP (10),
#              BENCH_JDK25 (/usr/lib/jvm/temurin-25-jdk-amd64), PE_BENCH_JAR (the server jar).
# Writes bench/results/latest.md (table) and bench/results/latest.log (full driver output).
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")

stub=false
build_server=true
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stub) stub=true ;;
    --no-build-server) build_server=false ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done

rate=${BENCH_RATE:-1000}
concurrency=${BENCH_CONCURRENCY:-64}
duration=${BENCH_DURATION:-30}
warmup=${BENCH_WARMUP:-10}
jdk25=${BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}

echo "== building the driver"
mvn -B -q -f "$bench_dir/pom.xml" -DskipTests package
driver_jar="$bench_dir/target/prompt-engine-bench.jar"

if $stub; then
  server_jar="$bench_dir/target/prompt-engine-bench-tests.jar"
  what="stub server (bench/src/test StubServer, com.sun.net.httpserver)"
else
  server_jar=${PE_BENCH_JAR:-$root/bootstrap/target/prompt-engine.jar}
  what="Prompt Engine ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  if [ ! -f "$server_jar" ]; then
    if ! $build_server; then
      echo "no server jar at $server_jar" >&2; exit 2
    fi
    echo "== building the server jar (mvn -B -q -DskipTests package at $root)"
    (cd "$root" && mvn -B -q -DskipTests package)
    [ -f "$server_jar" ] || { echo "the build made no $server_jar" >&2; exit 2; }
  fi
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
results="$bench_dir/results"
mkdir -p "$results"
table="$results/latest.md.tmp"
log="$results/latest.log"
: > "$table"
: > "$log"

# The driver shares the 2 cores with the server: keep it small and quiet.
driver=(java -XX:+UseSerialGC -Xms64m -Xmx256m -jar "$driver_jar")

homes=("")
if [ -x "$jdk25/bin/java" ]; then homes+=("$jdk25"); fi

status=0
for home in "${homes[@]}"; do
  jh=()
  label="default java"
  if [ -n "$home" ]; then jh=(--java-home "$home"); label=$(basename "$home"); fi
  for mode in rate saturate; do
    if [ "$mode" = rate ]; then m=(--rate "$rate" --concurrency "$concurrency"); else m=(--saturate --concurrency "$concurrency"); fi
    echo "== $label: $mode" | tee -a "$log"
    if ! "${driver[@]}" --jar "$server_jar" "${jh[@]}" "${m[@]}" --duration "$duration" --warmup "$warmup" \
        --label "$label" --markdown "$table" "${extra[@]}" 2>&1 | tee -a "$log"; then
      status=1
    fi
  done
done

mem_gib=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)
model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
  echo "# Prompt Engine benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- server: $what, \`$(realpath --relative-to="$root" "$server_jar" 2>/dev/null || echo "$server_jar")\`"
  echo "- machine: $(nproc) cores ($model), ${mem_gib} GiB memory, Linux $(uname -r)"
  echo "- load average before the suite: $load_before (anything else running disturbs the figures: see the other CPU column)"
  echo "- driver: $(java -version 2>&1 | head -1), raw-socket HTTP/1.1 keep-alive, same machine as the server"
  echo "- request: POST /v1/prompt/execute, model echo, max_tokens 64; warmup ${warmup} s, measured ${duration} s"
  echo "- open loop: latency from each request's intended send time (no coordinated omission);"
  echo "  closed loop: ${concurrency} connections each sending on its previous answer; latency = response time"
  echo "- req/s counts successful responses (200, status completed) only; see bench/README.md for every column"
  echo
  "${driver[@]}" --print-markdown-header
  cat "$table"
} > "$results/latest.md"
rm -f "$table"

echo
cat "$results/latest.md"
exit $status
