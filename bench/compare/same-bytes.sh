#!/usr/bin/env bash
# Runs every examples/*.yaml (`minternet run --trace --pcap-dir`) and a `minternet visit
# https://www.example.com/` (with --trace, --pcap-dir and --har) with two builds of Minternet and
# compares what they wrote byte for byte: stdout, stderr, exit status, the trace and every file
# of the output folder (pcaps, the timeline's files). For a change that must not change outputs
# (a faster kernel, an elided event).
#
#   bench/compare/same-bytes.sh BEFORE_DIR AFTER_DIR [OUT_DIR] [EXAMPLE.yaml...]
#
# BEFORE_DIR and AFTER_DIR are checkouts with a built target/minternet.jar (their ./minternet
# launcher is used). Examples come from AFTER_DIR/examples. Prints one line per run and exits 1
# if any differs. `run --json` and `--stats` are left out on purpose: they print the count of
# executed events, which such a change may lower.
set -uo pipefail
before="$(cd "$1" && pwd)"
after="$(cd "$2" && pwd)"
out="${3:-$(mktemp -d /tmp/same-bytes.XXXXXX)}"
shift $(($# < 3 ? $# : 3))
mkdir -p "$out"
examples=("$@")
if [ ${#examples[@]} -eq 0 ]; then
  examples=("$after"/examples/*.yaml)
fi

# one run with one build: NAME DIR ARGS... -> $out/NAME/{stdout,stderr,rc,trace.jsonl,files/}
one() {
  local dest="$1" dir="$2"
  shift 2
  rm -rf "$dest"
  mkdir -p "$dest/files"
  (cd "$dest" && "$dir/minternet" "$@" >"$dest/stdout" 2>"$dest/stderr"; echo $? >"$dest/rc")
}

differ=0
check() { # NAME ARGS... (ARGS with @DEST@ for the run's folder)
  local name="$1"
  shift
  local b=() a=() x
  for x in "$@"; do
    b+=("${x//@DEST@/$out/before/$name}")
    a+=("${x//@DEST@/$out/after/$name}")
  done
  one "$out/before/$name" "$before" "${b[@]}" &
  one "$out/after/$name" "$after" "${a[@]}"
  wait
  local files
  files=$(find "$out/after/$name" -type f | wc -l)
  if diff -r -q "$out/before/$name" "$out/after/$name" >"$out/$name.diff" 2>&1; then
    echo "same     $name (rc $(cat "$out/after/$name/rc"), $files files, $(du -sk "$out/after/$name" | cut -f1) KiB)"
    rm -f "$out/$name.diff"
  else
    echo "DIFFERS  $name: $(head -3 "$out/$name.diff" | tr '\n' ' ')"
    differ=1
  fi
}

for ex in "${examples[@]}"; do
  name="$(basename "$ex" .yaml)"
  check "$name" run --trace "@DEST@/trace.jsonl" --pcap-dir "@DEST@/files" "$(cd "$(dirname "$ex")" && pwd)/$(basename "$ex")"
done
check visit visit --trace "@DEST@/trace.jsonl" --pcap-dir "@DEST@/files" --har "@DEST@/visit.har" https://www.example.com/
if [ "$differ" = 0 ]; then
  echo "all outputs identical ($out)"
else
  echo "some outputs differ ($out)"
fi
exit "$differ"
