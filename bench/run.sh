#!/usr/bin/env bash
# Standard benchmark suite of Prompt Engine. See bench/README.md.
#
#   bench/run.sh [--quick] [--stream] [--observability] [--stub] [--gateway] [--no-build-server] [-- DRIVER_OPTIONS...]
#
#   (default)          the standard suite, on the default java and on BENCH_JDK25: the upstream scenario (an
#                      OpenAI-compatible stub; direct rows, through the gateway at 1 connection, at BENCH_RATE and
#                      at saturation) and the echo rows; bench/results/latest.md, latest.tsv and latest.log
#   --quick            the regression guard (under 3 minutes): the headline rows on the default java only, 10 s
#                      each, printed as ratios to the figures recorded in bench/baseline.tsv
#   --stream           the streaming benchmark (StreamBench) instead: time to first token direct vs through
#                      Prompt Engine, and many open streams; bench/results/stream.md and stream.log
#   --observability    the cost of metrics and tracing instead (AbBench): two servers at once, one with
#                      PE_METRICS=false and no tracing, one with metrics on and spans exported to a stand-in OTLP
#                      collector, the upstream rows at 1 connection and at saturation, taking turns for
#                      BENCH_ROUNDS rounds, on both JDKs; bench/results/observability.md and observability.log
#   --stub             measure the stand-in server (bench/src/test StubServer) instead of the real jar;
#                      with --stream: the streaming stub alone (no gateway)
#   --gateway          also measure another gateway side by side: Portkey's open-source AI Gateway (Node.js,
#                      npm @portkey-ai/gateway, BENCH_GATEWAY_VERSION) installed into bench/target/gateway,
#                      proxying the same stub (rows "gateway 1-conn" and "gateway 64-conn"); needs node and npm
#   --no-build-server  fail instead of building bootstrap/target/prompt-engine.jar when it is missing
#   -- ...             passed to every driver run, e.g. -- --key K --server-env PE_WORKERS=8
#
# Environment: BENCH_RATE (1000), BENCH_CONCURRENCY (64), BENCH_DURATION (30; --quick and --observability 10),
#              BENCH_WARMUP (20, --quick 10: the least warm-up of a row; it goes on until the server is
#              steady), BENCH_WARMUP_MAX (180; --quick 30, in 3 s windows: then it measures anyway and the row
#              says "not steady"),
#              BENCH_WARMUP_CONCURRENCY (4: the connections the closed-loop rows warm up on),
#              BENCH_ROUNDS (--observability: 5),
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
quick=false
observability=false
gateway=false
build_server=true
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stub) stub=true ;;
    --stream) stream=true ;;
    --quick) quick=true ;;
    --observability) observability=true ;;
    --no-build-server) build_server=false ;;
    --) shift; extra=("$@"); break ;;
    --gateway) gateway=true ;;
    -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done

rate=${BENCH_RATE:-1000}
concurrency=${BENCH_CONCURRENCY:-64}
# JDK 17's C2 needs one to two minutes on 2 cores to compile the provider path (throughput climbs from 900
# to 7,000+ req/s meanwhile): every row warms up for at least 20 s and then until its CPU per request is steady
# (bench/README.md, "Warm-up"); the regression guard gives up sooner to stay under 3 minutes. The closed-loop rows
# warm up on BENCH_WARMUP_CONCURRENCY connections of their own: with 64 the JIT competes with 64 request threads for
# the two cores and needs twice as long (steady after 145 s against 75 s, for the same 4,500 req/s afterwards)
warmup_concurrency=${BENCH_WARMUP_CONCURRENCY:-4}
if $quick; then
  warmup=${BENCH_WARMUP:-10}
  warmup_max=${BENCH_WARMUP_MAX:-30}
  warmup_window=3
else
  warmup=${BENCH_WARMUP:-20}
  warmup_max=${BENCH_WARMUP_MAX:-180}
  warmup_window=5
fi
if $quick; then
  duration=${BENCH_DURATION:-10}
elif $observability; then
  duration=${BENCH_DURATION:-10}
else
  duration=${BENCH_DURATION:-30}
fi
jdk25=${BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
rounds=${BENCH_ROUNDS:-5}

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
name=latest
$observability && name=observability
table="$results/$name.md.tmp"
summary="$results/$name.tsv"
log="$results/$name.log"
: > "$table"
: > "$summary"
: > "$log"

# The driver (and the upstream stub, one thread in its JVM) share the 2 cores with the server: keep it small.
driver=(java -XX:+UseSerialGC -Xms64m -Xmx256m -jar "$driver_jar")

homes=("")
if [ -x "$jdk25/bin/java" ] && ! $quick; then homes+=("$jdk25"); fi

status=0
# one row: LABEL, then driver options
row() {
  local label=$1; shift
  echo "== $label" | tee -a "$log"
  if ! "${driver[@]}" "$@" --duration "$duration" --warmup "$warmup" --warmup-max "$warmup_max" \
      --warmup-window "$warmup_window" --label "$label" \
      --markdown "$table" --summary "$summary" "${extra[@]}" 2>&1 | tee -a "$log"; then
    status=1
  fi
}

if $observability; then
  abench=(java -XX:+UseSerialGC -Xms64m -Xmx256m -cp "$driver_jar" io.promptengine.bench.AbBench)
  for home in "${homes[@]}"; do
    jh=()
    if [ -n "$home" ]; then jh=(--java-home "$home"); fi
    major=$("${home:+$home/bin/}java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    echo "== JDK $major: off and on side by side, taking turns" | tee -a "$log"
    if ! "${abench[@]}" --jar "$server_jar" "${jh[@]}" --jvm-arg -XX:+UseSerialGC --jvm-arg -Xmx256m --upstream \
        --a-label "$major off" --a-env PE_METRICS=false --b-label "$major on" --b-env PE_METRICS=true --b-otlp-sink \
        --concurrencies "1,$concurrency" --rounds "$rounds" --duration "$duration" --warmup "$warmup" \
        --warmup-max "$warmup_max" --warmup-concurrency "$warmup_concurrency" \
        --markdown "$table" --summary "$summary" "${extra[@]}" 2>&1 | tee -a "$log"; then
      status=1
    fi
  done
  {
    echo "# Prompt Engine: the cost of metrics and tracing — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- server: $what; the upstream rows (POST /v1/prompt/execute, gpt-4o-mini, OPENAI_BASE_URL = the stub)"
    echo "- machine: $(nproc) cores ($model), ${mem_gib} GiB memory; load average before: $load_before"
    echo "- off: PE_METRICS=false, no OTEL_* variable (no SDK); on: PE_METRICS=true and OTEL_EXPORTER_OTLP_ENDPOINT ="
    echo "  a stand-in collector in the driver's JVM (every span exported, batch processor defaults); nobody scrapes /metrics"
    echo "- JVM flags -XX:+UseSerialGC -Xmx256m; both servers run at once (AbBench), each warmed up until steady"
    echo "  (${warmup}-${warmup_max} s), then $rounds rounds of ${duration} s per side and concurrency, the sides taking turns"
    echo
    "${abench[@]}" --print-markdown-header
    cat "$table"
    echo
    grep -E '^ +[0-9]+ conn: |median of the rounds' "$log" | sed 's/^ */- /'
  } > "$results/observability.md"
  rm -f "$table"
  echo
  cat "$results/observability.md"
  exit $status
fi
if ! $stub; then
  # the stub alone, straight from the driver: the baseline the gateway's overhead is measured against
  row "direct 1-conn" --direct --saturate --concurrency 1 --warmup-concurrency "$warmup_concurrency"
  $quick || row "direct 64-conn" --direct --saturate --concurrency "$concurrency"
fi
if $gateway && ! $stub; then
  # another gateway on the same stub: installed once, bound to loopback by a preloaded shim, stopped after its rows
  gw_dir="$bench_dir/target/gateway"
  gw_version=${BENCH_GATEWAY_VERSION:-1.15.2}
  gw_main="$gw_dir/node_modules/@portkey-ai/gateway/build/start-server.js"
  if [ ! -f "$gw_main" ] || ! grep -q "\"version\": \"$gw_version\"" "$gw_dir/node_modules/@portkey-ai/gateway/package.json"; then
    echo "== installing @portkey-ai/gateway@$gw_version into $gw_dir"
    mkdir -p "$gw_dir"
    npm install --prefix "$gw_dir" --no-audit --no-fund --ignore-scripts "@portkey-ai/gateway@$gw_version" > "$gw_dir/npm.log" 2>&1
  fi
  gw_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  timeout 1800 node --import "$bench_dir/gateway/loopback.mjs" "$gw_main" --port="$gw_port" --headless \
    > "$gw_dir/gateway.log" 2>&1 &
  for _ in $(seq 1 100); do
    gw_pid=$(ss -ltnpH "sport = :$gw_port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
    [ -n "$gw_pid" ] && break
    sleep 0.1
  done
  if [ -z "${gw_pid:-}" ]; then echo "the gateway did not start; see $gw_dir/gateway.log" >&2; exit 1; fi
  trap 'kill "$gw_pid" 2>/dev/null || true' EXIT
  echo "== the other gateway: Portkey AI Gateway $gw_version (node $(node --version)), pid $gw_pid, 127.0.0.1:$gw_port"
  g=(--gateway "http://127.0.0.1:$gw_port" --pid "$gw_pid" --header 'x-portkey-provider: openai'
     --header 'x-portkey-custom-host: {stub}')
  row "gateway 1-conn" "${g[@]}" --saturate --concurrency 1 --warmup-concurrency "$warmup_concurrency"
  row "gateway 64-conn" "${g[@]}" --saturate --concurrency "$concurrency" --warmup-concurrency "$warmup_concurrency"
  kill "$gw_pid" 2>/dev/null || true
fi
for home in "${homes[@]}"; do
  jh=()
  if [ -n "$home" ]; then jh=(--java-home "$home"); fi
  major=$("${home:+$home/bin/}java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  # the JVM flags bin/prompt-engine gives (README, "Memory, GC and start-up"): what users run
  s=(--jar "$server_jar" "${jh[@]}" --jvm-arg -XX:+UseSerialGC --jvm-arg -Xmx256m)
  if $stub; then
    row "$major echo rate" "${s[@]}" --rate "$rate" --concurrency "$concurrency"
    row "$major echo 64-conn" "${s[@]}" --saturate --concurrency "$concurrency" --warmup-concurrency "$warmup_concurrency"
    continue
  fi
  row "$major upstream 1-conn" "${s[@]}" --upstream --saturate --concurrency 1 --warmup-concurrency "$warmup_concurrency"
  $quick || row "$major upstream rate" "${s[@]}" --upstream --rate "$rate" --concurrency "$concurrency"
  row "$major upstream 64-conn" "${s[@]}" --upstream --saturate --concurrency "$concurrency" --warmup-concurrency "$warmup_concurrency"
  $quick || row "$major echo rate" "${s[@]}" --rate "$rate" --concurrency "$concurrency"
  row "$major echo 64-conn" "${s[@]}" --saturate --concurrency "$concurrency" --warmup-concurrency "$warmup_concurrency"
done

# label -> field (2 req/s, 3 p50, 4 p99, 5 CPU ms/req, 6 RSS MB)
field() { awk -F'\t' -v l="$1" -v f="$2" '$1 == l { v = $f } END { print v }' "$summary"; }
derived() {
  for home in "${homes[@]}"; do
    major=$("${home:+$home/bin/}java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    awk -v j="$major" -v up1="$(field "$major upstream 1-conn" 3)" -v d1="$(field "direct 1-conn" 3)" \
        -v upr="$(field "$major upstream 64-conn" 2)" -v ecr="$(field "$major echo 64-conn" 2)" \
        -v upc="$(field "$major upstream 64-conn" 5)" -v ecc="$(field "$major echo 64-conn" 5)" 'BEGIN {
      if (up1 != "" && d1 != "") printf "- JDK %s: overhead at one connection (p50 through the gateway - p50 direct): %+.3f ms\n", j, up1 - d1
      if (upr > 0 && ecr > 0) printf "- JDK %s: saturation through the upstream stub / echo saturation: %.0f / %.0f req/s = %.0f %%\n", j, upr, ecr, 100 * upr / ecr
      if (upc > 0 && ecc > 0) printf "- JDK %s: CPU per request, upstream / echo: %.3f / %.3f ms = %.2fx\n", j, upc, ecc, upc / ecc
    }'
    awk -v j="$major" -v upr="$(field "$major upstream 64-conn" 2)" -v gwr="$(field "gateway 64-conn" 2)" \
        -v up1="$(field "$major upstream 1-conn" 3)" -v gw1="$(field "gateway 1-conn" 3)" \
        -v d1="$(field "direct 1-conn" 3)" 'BEGIN {
      if (upr > 0 && gwr > 0) printf "- JDK %s: saturation, Prompt Engine / the other gateway: %.0f / %.0f req/s = %.2fx\n", j, upr, gwr, upr / gwr
      if (up1 != "" && gw1 != "" && d1 != "") printf "- JDK %s: overhead at one connection, Prompt Engine / the other gateway: %+.3f / %+.3f ms\n", j, up1 - d1, gw1 - d1
    }'
  done
}

if $quick; then
  baseline="$bench_dir/baseline.tsv"
  if [ ! -f "$baseline" ]; then
    echo "no $baseline to compare with; the figures of this run are in $summary"
    cat "$summary"
    exit $status
  fi
  echo
  echo "== compared with $(realpath --relative-to="$root" "$baseline") ($(grep -m1 '^#' "$baseline" | sed 's/^# *//'))"
  printf '%-22s %22s %22s %22s\n' row "req/s (now/then)" "p50 ms (now/then)" "CPU ms/req (now/then)"
  while IFS=$'\t' read -r label rps p50 p99 cpu rss; do
    awk -F'\t' -v l="$label" -v rps="$rps" -v p50="$p50" -v cpu="$cpu" '
      $1 == l { found = 1
        printf "%-22s %8s/%-6s %5.2fx %8s/%-6s %5.2fx %8s/%-6s %5.2fx\n", l, rps, $2, ($2 > 0 ? rps / $2 : 0),
               p50, $3, ($3 > 0 ? p50 / $3 : 0), cpu, $5, ($5 > 0 ? cpu / $5 : 0) }
      END { if (!found) printf "%-22s %8s (no baseline row)\n", l, rps }' "$baseline"
  done < "$summary"
  echo "(req/s: higher is better; p50 and CPU: lower is better. These rows warm up for at most ${warmup_max} s, short of steady on"
  echo " JDK 17 here, and this machine's speed drifts by up to 1.8x between hours: rerun before reading a ratio, and measure"
  echo " a change with bench/run.sh or AbBench, side by side)"
  derived
  exit $status
fi

{
  echo "# Prompt Engine benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- server: $what, \`$(realpath --relative-to="$root" "$server_jar" 2>/dev/null || echo "$server_jar")\`"
  echo "- machine: $(nproc) cores ($model), ${mem_gib} GiB memory, Linux $(uname -r)"
  echo "- load average before the suite: $load_before (anything else running disturbs the figures: see the other CPU column)"
  echo "- driver: $(java -version 2>&1 | head -1), raw-socket HTTP/1.1 keep-alive, same machine as the server"
  echo "- upstream rows: POST /v1/prompt/execute with model gpt-4o-mini, the server's OPENAI_BASE_URL pointing at"
  echo "  an OpenAI-compatible stub in the driver's JVM (one NIO thread; its CPU is the stub CPU column);"
  echo "  direct rows: the same chat completion sent straight to that stub; echo rows: model echo (never leaves the process)"
  echo "- server JVM flags: -XX:+UseSerialGC -Xmx256m (bin/prompt-engine's); warmup ${warmup}-${warmup_max} s (until steady), measured ${duration} s per row; cache off; a plan that cannot bind"
  $gateway && echo "- gateway rows: Portkey AI Gateway ${gw_version:-} on Node $(node --version 2>/dev/null), proxying the same stub (x-portkey-custom-host)"
  echo "- open loop (rate rows): latency from each request's intended send time (no coordinated omission);"
  echo "  closed loop (N-conn rows): N connections each sending on its previous answer; latency = response time"
  echo "- req/s counts successful responses only; see bench/README.md for every column"
  echo
  "${driver[@]}" --print-markdown-header
  cat "$table"
  echo
  derived
} > "$results/latest.md"
rm -f "$table"

echo
cat "$results/latest.md"
exit $status
