#!/usr/bin/env bash
# Side-by-side comparison of Minternet with ns-3 on the two workloads both implement:
# the TCP dumbbell (`minternet bench dumbbell`, dumbbell.cc) and the many-hosts UDP echo
# (`minternet bench manyhosts`, manyhosts.cc).
#
# Installs ns-3 from Debian (libns3-dev, 3.37 on Debian 12) when missing, compiles the two ns-3
# programs into target/compare/, builds Minternet's jar, then runs each workload on both sides
# alternately, N times each, and prints per side the median whole-process wall time, the median
# CPU time (user + system), the largest peak RSS (both from /usr/bin/time) and what the run
# produced (goodput, or echo replies), with the ratio ns-3 / Minternet.
#
# Usage: bench/compare/run.sh [--runs N] [--only dumbbell|manyhosts] [--ns3-10k]
#   --runs N     runs per side and workload (default 3)
#   --only W     run one workload family
#   --ns3-10k    also run ns-3 on 10,000 hosts, once (about 20 minutes: global routing)
# Needs root (or ns-3, g++ and /usr/bin/time already installed), JDK 17 and Maven.
set -euo pipefail

runs=3
only=""
ns3_10k=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --only) only="${2:?--only needs dumbbell or manyhosts}"; shift 2 ;;
    --ns3-10k) ns3_10k=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$runs" in ''|*[!0-9]*|0) echo "run.sh: --runs must be a positive integer" >&2; exit 2 ;; esac
case "$only" in ''|dumbbell|manyhosts) ;; *) echo "run.sh: --only is dumbbell or manyhosts" >&2; exit 2 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/target/compare"
mkdir -p "$out"

# 1. ns-3, a C++ compiler and GNU time, from Debian's archive.
need=()
dpkg -s libns3-dev >/dev/null 2>&1 || need+=(libns3-dev)
command -v g++ >/dev/null 2>&1 || need+=(g++)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (apt)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "ns-3: libns3-dev $(dpkg-query -W -f='${Version}' libns3-dev); $(g++ --version | head -1); $(java -version 2>&1 | head -1)"

# 2. The ns-3 programs. Linked by library name: the package's ns3-*.pc files name the
#    development symlinks of GSL and SQLite (libgsl.so, libsqlite3.so), which libns3-dev does not
#    pull in, so `pkg-config --libs` fails to link on a machine without libgsl-dev. With
#    --no-as-needed every library stays loaded, so the types the programs name by string
#    ("ns3::TcpNewReno", "ns3::DropTailQueue<Packet>") are registered.
libs=(-lns3-core -lns3-network -lns3-internet -lns3-applications -lns3-point-to-point -lns3-traffic-control)
for prog in dumbbell manyhosts; do
  if [ ! -x "$out/$prog" ] || [ -n "$(find "$here/$prog.cc" "$here/common.h" -newer "$out/$prog" -print -quit)" ]; then
    echo "compiling $prog.cc..." >&2
    g++ -O2 -std=c++17 -o "$out/$prog" "$here/$prog.cc" -Wl,--no-as-needed "${libs[@]}"
  fi
done

# 3. Minternet's jar.
echo "building minternet.jar (mvn package, tests skipped)..." >&2
(cd "$repo" && mvn -q -B -DskipTests package) >"$out/mvn.log" 2>&1 || {
  cat "$out/mvn.log" >&2; echo "run.sh: mvn package failed (log above)" >&2; exit 1; }
# Minternet runs through its launcher, as a user runs it: the launcher's JVM settings (serial GC,
# small initial heap, class-data-sharing archive per command) are part of what is measured. Its
# archive for a command is made on that command's first run, so one unmeasured run of each
# workload comes first.
mint="$repo/minternet"

# One run: the command's output in $log, "wall cpu maxrss_kib" in $log.time.
measure() {
  local log="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$log.time" "$@" >"$log" 2>&1 || {
    echo "run.sh: failed: $*" >&2; cat "$log" >&2; exit 1; }
  read -r wall user sys rss <"$log.time"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') $rss" >"$log.time"
}

# value KEY LOG: the number after "KEY:" in a program's output.
value() { awk -F': *' -v k="$1" '$1 == k { split($2, a, " "); print a[1]; exit }' "$2"; }

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# summarize LABEL RESULT_KEY SIDE...: one line per side from target/compare/<label>.<side>.<i>.
summarize() {
  local label="$1" key="$2"; shift 2
  local side f
  for side in "$@"; do
    local files=("$out/$label.$side".*[0-9])
    [ -e "${files[0]}" ] || continue
    local wall cpu rss result events
    wall=$(for f in "${files[@]}"; do cut -d' ' -f1 "$f.time"; done | median)
    cpu=$(for f in "${files[@]}"; do cut -d' ' -f2 "$f.time"; done | median)
    rss=$(for f in "${files[@]}"; do cut -d' ' -f3 "$f.time"; done | sort -g | tail -1)
    result=$(value "$key" "${files[0]}")
    events=$(value "events executed" "${files[0]}")
    printf '%s %s %s %s %s %s %s\n' "$label" "$side" "$wall" "$cpu" "$((rss / 1024))" "$result" "$events" \
      >>"$out/summary"
  done
}

# compare LABEL KEY ARGS_MINTERNET -- ARGS_NS3: N alternating runs of both sides.
compare() {
  local label="$1" key="$2"; shift 2
  local mi=() ns=()
  while [ "$1" != "--" ]; do mi+=("$1"); shift; done
  shift
  ns=("$@")
  rm -f "$out/$label".*
  "$mint" "${mi[@]}" >/dev/null 2>&1 || true # makes the launcher's class-data archive
  local i
  for i in $(seq 1 "$runs"); do
    echo "$label: run $i/$runs" >&2
    measure "$out/$label.ns-3.$i" "${ns[@]}"
    measure "$out/$label.minternet.$i" "$mint" "${mi[@]}"
  done
  summarize "$label" "$key" ns-3 minternet
}

# solo LABEL KEY SIDE COUNT COMMAND...: COUNT runs of one side only.
solo() {
  local label="$1" key="$2" side="$3" count="$4"; shift 4
  rm -f "$out/$label.$side".*
  local i
  for i in $(seq 1 "$count"); do
    echo "$label ($side): run $i/$count" >&2
    measure "$out/$label.$side.$i" "$@"
  done
  summarize "$label" "$key" "$side"
}

rm -f "$out/summary"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$only" != manyhosts ]; then
  for flows in 10 100; do
    compare "dumbbell-$flows" goodput bench dumbbell --flows "$flows" --sim-time 10 --cc newreno \
      -- "$out/dumbbell" --flows="$flows" --sim-time=10 --cc=newreno
  done
fi
if [ "$only" != dumbbell ]; then
  compare manyhosts-1000 "replies received" bench manyhosts --hosts 1000 --requests 10 \
    -- "$out/manyhosts" --hosts=1000 --requests=10
  if [ "$ns3_10k" = 1 ]; then
    solo manyhosts-10000 "replies received" ns-3 1 "$out/manyhosts" --hosts=10000 --requests=10
  fi
  solo manyhosts-10000 "replies received" minternet "$runs" "$mint" bench manyhosts --hosts 10000 --requests 10
fi

# The table: each workload's sides, then the ratio ns-3 / Minternet where both ran.
echo
echo "runs per side: $runs (alternating; ns-3 on 10,000 hosts once). Whole process, JVM start included."
echo "$(nproc) CPUs; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  { key = $1; side[key, $2] = 1; wall[key, $2] = $3; cpu[key, $2] = $4; rss[key, $2] = $5; res[key, $2] = $6
    ev[key, $2] = $7
    if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
  function r(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
  END {
    printf "%-16s %-10s %12s %12s %10s %16s %10s\n", "workload", "side", "wall s (med)", "cpu s (med)", "RSS MiB",
      "goodput|replies", "events"
    for (i = 1; i <= n; i++) {
      k = order[i]
      for (s = 1; s <= 2; s++) {
        name = s == 1 ? "ns-3" : "minternet"
        if ((k, name) in side)
          printf "%-16s %-10s %12.2f %12.2f %10d %16s %10s\n", k, name, wall[k, name], cpu[k, name], rss[k, name],
            res[k, name], ev[k, name]
      }
      if ((k, "ns-3") in side && (k, "minternet") in side)
        printf "%-16s %-10s %12s %12s %10s %16s %10s\n", k, "ns-3/mint", r(wall[k, "ns-3"], wall[k, "minternet"]),
          r(cpu[k, "ns-3"], cpu[k, "minternet"]), r(rss[k, "ns-3"], rss[k, "minternet"]),
          r(res[k, "ns-3"], res[k, "minternet"]), r(ev[k, "ns-3"], ev[k, "minternet"])
    }
  }' "$out/summary"
echo "(goodput in Mbit/s over the 10 simulated seconds; replies = echo replies received, of H x 10 sent)"
echo "(each run's full output: $out/<workload>.<side>.<run>)"
