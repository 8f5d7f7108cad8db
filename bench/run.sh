#!/usr/bin/env bash
# Standard benchmark suite of Prompt Engine. See bench/README.md.
#
#   bench/run.sh [--stream] [--stub] [--no-build-server] [-- DRIVER_OPTIONS...]
#
#   --stream           the streaming benchmark (StreamBench) instead: time to first token direct vs through
#                      Prompt Engine, and many open streams; bench/results/stream.md and stream.log
#   --stub             measure the stand-in server (bench/src/test StubServer) instead of the real jar;
#                      with --stream: the streaming stub alone (no gateway)
#   --no-build-server  fail instead of building bootstrap/target/prompt-engine.jar when it is missing
#   -- ...             passed to every driver run, e.g. -- --key K --server-env PE_WORKERS=8
#
# Environment: BENCH_RATE (1000), BENCH_CONCURRENCY (64), BENCH_DURATION (30), BENCH_WARMUP (10),
#              BENCH_JDK25 (/usr/lib/jvm/temurin-25-jdk-amd64), PE_BENCH_JAR (the server jar).
#              --stream: BENCH_STREAM_CLIENTS (32), BENCH_STREAM_DURATION (15), BENCH_STREAM_WARMUP (5),
#              BENCH_STREAM_CHUNKS (20), BENCH_STREAM_INTERVAL_MS (50), BENCH_OPEN_STREAMS (2000, on JDK 21+),
#              BENCH_OPEN_STREAMS_JDK17 (200: JDK 17 runs requests on 250 platform threads), BENCH_RAMP_RATE (400),
#              BENCH_HOLD (10), BENCH_OPEN_ROUTE (chat, or execute).
# Writes bench/results/latest.md (table) and bench/results/latest.log (full driver output).
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")

stub=false
stream=false
build_server=true
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stub) stub=true ;;
    --stream) stream=true ;;
    --no-build-server) build_server=false ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
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

if $stub && $stream; then
  server_jar=""
  what="none: the streaming stub alone"
elif $stub; then
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
mem_gib=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)
model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')

if $stream; then
  # 2,000 open streams through the gateway hold 4,000+ sockets in the driver's JVM (client and stub ends)
  # and as many in the server's: raise the soft limit to the hard one for this script and its children
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 16384 ]; then
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  fi
  echo "== open files limit: $(ulimit -n)"
  ttft_table="$results/stream-ttft.md.tmp"
  open_table="$results/stream-open.md.tmp"
  log="$results/stream.log"
  : > "$ttft_table"; : > "$open_table"; : > "$log"
  sdriver=(java -XX:+UseSerialGC -Xms64m -Xmx512m -cp "$driver_jar" io.promptengine.bench.StreamBench)
  homes=("")
  if [ -x "$jdk25/bin/java" ]; then homes+=("$jdk25"); fi
  status=0
  for home in "${homes[@]}"; do
    jh=()
    if [ -n "$home" ]; then jh=(--java-home "$home"); fi
    major=$("${home:+$home/bin/}java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    label="JDK ${major:-?}"
    # before 21 the server runs requests on 250 platform threads, and a stream holds one for its whole life
    if [ "${major:-0}" -ge 21 ]; then open=${BENCH_OPEN_STREAMS:-2000}; else open=${BENCH_OPEN_STREAMS_JDK17:-200}; fi
    if $stub; then g=(--no-gateway); else g=(--jar "$server_jar" "${jh[@]}"); fi
    echo "== $label: streaming" | tee -a "$log"
    if ! "${sdriver[@]}" "${g[@]}" --label "$label" \
        --clients "${BENCH_STREAM_CLIENTS:-32}" --duration "${BENCH_STREAM_DURATION:-15}" \
        --warmup "${BENCH_STREAM_WARMUP:-5}" --chunks "${BENCH_STREAM_CHUNKS:-20}" \
        --first-ms "${BENCH_STREAM_INTERVAL_MS:-50}" --interval-ms "${BENCH_STREAM_INTERVAL_MS:-50}" \
        --open-streams "$open" --open-route "${BENCH_OPEN_ROUTE:-chat}" --ramp-rate "${BENCH_RAMP_RATE:-400}" --hold "${BENCH_HOLD:-10}" \
        --markdown-ttft "$ttft_table" --markdown-open "$open_table" "${extra[@]}" 2>&1 | tee -a "$log"; then
      status=1
    fi
    if $stub; then break; fi
  done
  headers=$("${sdriver[@]}" --print-markdown-headers)
  {
    echo "# Prompt Engine streaming benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- gateway: $what"
    echo "- machine: $(nproc) cores ($model), ${mem_gib} GiB memory, Linux $(uname -r); open files limit $(ulimit -n)"
    echo "- load average before the suite: $load_before (driver, stub and server share the cores)"
    echo "- driver and stub: one JVM, $(java -version 2>&1 | head -1); java.net.http HTTP/1.1, one connection per stream"
    echo "- stub: ${BENCH_STREAM_CHUNKS:-20} chunks, the first ${BENCH_STREAM_INTERVAL_MS:-50} ms after the request, then every ${BENCH_STREAM_INTERVAL_MS:-50} ms; usage chunk; [DONE]"
    echo "- TTFT: ${BENCH_STREAM_CLIENTS:-32} concurrent clients, each starting its next stream when one ends; warmup ${BENCH_STREAM_WARMUP:-5} s per target,"
    echo "  then ${BENCH_STREAM_DURATION:-15} s per target measured in ~5 s rounds taking turns (direct, chat, execute, …);"
    echo "  TTFT = request sent → first non-empty content delta; added = gateway percentile − direct percentile"
    echo
    echo "## Time to first token"
    echo
    echo "$headers" | sed -n '1,2p'
    cat "$ttft_table"
    echo
    echo "## Open streams (ramp at ${BENCH_RAMP_RATE:-400}/s, held ${BENCH_HOLD:-10} s; server sampled once all were open)"
    echo
    echo "$headers" | sed -n '4,5p'
    cat "$open_table"
  } > "$results/stream.md"
  rm -f "$ttft_table" "$open_table"
  echo
  cat "$results/stream.md"
  exit $status
fi
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
