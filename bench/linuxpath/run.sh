#!/bin/bash
# The cases of `minternet bench linuxpath`, run with real Linux TCP and iperf3 on this machine,
# over the same path emulated in user space (pathemu.c; README.md says why and how).
#
#   sudo bench/linuxpath/run.sh [RUNS]                       every case, RUNS runs each (default 3)
#   sudo bench/linuxpath/run.sh RUNS CC LOSS SECONDS [FLOWS]  one case, e.g. 3 cubic 0.001 60
#
# Needs root (network namespaces, TUN devices), iperf3, gcc and iproute2. Prints each run's
# receiver goodput (Mbit/s) and the case's median, as the bench prints Minternet's.
set -euo pipefail
usage() { echo "run.sh: $1 (usage: run.sh [RUNS] | run.sh RUNS CC LOSS SECONDS [FLOWS])" >&2; exit 2; }
case $# in
  0|1|4|5) ;;
  *) usage "expected 0, 1, 4 or 5 arguments, got $#" ;;
esac
[ $# -eq 0 ] || [[ "$1" =~ ^[1-9][0-9]?$ ]] || usage "RUNS must be 1 to 99 (got '$1')"
if [ $# -ge 4 ]; then
  [[ "$2" =~ ^(reno|cubic|bbr)$ ]] || usage "CC must be reno, cubic or bbr (got '$2')"
  [[ "$3" =~ ^(0|0?\.[0-9]+|1)$ ]] || usage "LOSS must be a fraction from 0 to 1 (got '$3')"
  [[ "$4" =~ ^[1-9][0-9]{0,3}$ ]] || usage "SECONDS must be 1 to 9999 (got '$4')"
  [ $# -lt 5 ] || [[ "$5" =~ ^[1-9][0-9]?$ ]] || usage "FLOWS must be 1 to 99 (got '$5')"
fi
[ "$(id -u)" = 0 ] || usage "needs root (network namespaces, TUN devices)"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
snd=lp-snd rcv=lp-rcv
cleanup() {
  ip netns pids $rcv 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del $snd 2>/dev/null || true
  ip netns del $rcv 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for tool in iperf3 gcc ip; do
  command -v $tool >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 2; }
done
gcc -O2 -o "$work/pathemu" "$here/pathemu.c"
# a namespace may take only the algorithms the machine allows
allowed=$(cat /proc/sys/net/ipv4/tcp_allowed_congestion_control)
restore_allowed() { sysctl -q -w net.ipv4.tcp_allowed_congestion_control="$allowed"; }
trap 'cleanup; restore_allowed' EXIT
modprobe -q tcp_bbr 2>/dev/null || true
sysctl -q -w net.ipv4.tcp_allowed_congestion_control="$(cat /proc/sys/net/ipv4/tcp_available_congestion_control)"

# one run: CC LOSS SEED SECONDS FLOWS -> "total_mbps jain"
one() {
  local cc=$1 loss=$2 seed=$3 secs=$4 flows=$5
  ip netns del $snd 2>/dev/null || true; ip netns del $rcv 2>/dev/null || true
  ip netns add $snd; ip netns add $rcv
  "$work/pathemu" $snd $rcv "$loss" "$seed" 100 $((secs + 20)) >"$work/emu.out" 2>"$work/emu.err" &
  local emu=$!
  for _ in $(seq 100); do grep -q ready "$work/emu.out" 2>/dev/null && break; sleep 0.05; done
  ip -n $snd link set lo up; ip -n $rcv link set lo up
  # the namespaces' default algorithm is the one under test: a socket whose default was BBR keeps
  # BBR's request for pacing after iperf3 switches it to another algorithm (-C), and paces
  if [ "${PACED:-0}" = 0 ]; then
    ip netns exec $snd sysctl -q -w net.ipv4.tcp_congestion_control="$cc"
    ip netns exec $rcv sysctl -q -w net.ipv4.tcp_congestion_control="$cc"
  else
    ip netns exec $snd sysctl -q -w net.ipv4.tcp_congestion_control=bbr
    ip netns exec $rcv sysctl -q -w net.ipv4.tcp_congestion_control=bbr
  fi
  ip -n $snd addr add 10.99.0.1 peer 10.99.0.2 dev tsnd; ip -n $snd link set tsnd up
  ip -n $rcv addr add 10.99.0.2 peer 10.99.0.1 dev trcv; ip -n $rcv link set trcv up
  ip netns exec $rcv iperf3 -s -1 >"$work/server.out" 2>&1 &
  for _ in $(seq 100); do ip netns exec $rcv ss -ltn | grep -q ':5201 ' && break; sleep 0.05; done
  ip netns exec $snd iperf3 -c 10.99.0.2 -t "$secs" -C "$cc" -P "$flows" -f m >"$work/client.out"
  kill $emu; wait $emu || true
  ip netns del $snd; ip netns del $rcv
  # the receiver's line of each stream (and [SUM] with several), in Mbit/s
  awk -v flows="$flows" '
    / receiver$/ && !/SUM/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") { x[n++] = $(i - 1) } }
    END {
      s = 0; q = 0
      for (i = 0; i < n; i++) { s += x[i]; q += x[i] * x[i] }
      printf "%.2f %.3f\n", s, (n > 0 && q > 0) ? s * s / (n * q) : 0
    }' "$work/client.out"
}

case_() { # RUNS LABEL CC LOSS SECONDS FLOWS
  local runs=$1 label=$2 cc=$3 loss=$4 secs=$5 flows=$6 k out all=()
  for k in $(seq "$runs"); do
    out=$(one "$cc" "$loss" "$k" "$secs" "$flows")
    all+=("$out")
  done
  printf '%s\n' "${all[@]}" | sort -n | awk -v label="$label" -v secs="$secs" -v flows="$flows" '
    { m[NR] = $1; j[NR] = $2; runs = runs (NR > 1 ? " " : "") $1 }
    END {
      k = int((NR + 1) / 2)
      printf("%-20s %4ss  median %7.2f Mbit/s%s   (runs: %s)\n", label, secs, m[k],
        (flows > 1) ? sprintf("  jain %.3f", j[k]) : "", runs)
    }'
}

echo "linux $(uname -r), $(iperf3 --version | head -1 | awk '{print $1, $2}'); path emulated by pathemu.c"
if [ $# -ge 4 ]; then
  case_ "$1" "${5:-1} $2, loss $3" "$2" "$3" "$4" "${5:-1}"
  exit 0
fi
runs=${1:-3}
case_ "$runs" "1 cubic, no loss" cubic 0 10 1
case_ "$runs" "1 reno, no loss" reno 0 10 1
case_ "$runs" "1 cubic, loss 0.1%" cubic 0.001 60 1
case_ "$runs" "1 reno, loss 0.1%" reno 0.001 60 1
case_ "$runs" "1 cubic, loss 1%" cubic 0.01 60 1
case_ "$runs" "1 reno, loss 1%" reno 0.01 60 1
case_ "$runs" "10 cubic flows" cubic 0 10 10
case_ "$runs" "10 reno flows" reno 0 10 10
