#!/usr/bin/env bash
# Fuzzes JSONTextReader with libFuzzer and AddressSanitizer for SECONDS (default 240).
# Prints any text the reader and Foundation disagree on as DIFFERENT; a crash stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-240}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
events=Sources/PitwallCore/Events
swiftc -O -sanitize=fuzzer,address -parse-as-library Fuzz/json_reader_fuzz.swift \
  "$events/JSONTextReader.swift" "$events/JSONCursor+Scalars.swift" "$events/JSONValue.swift" -o "$work/fuzz"
mkdir "$work/corpus"
printf '{"id":"e1","type":"lead.created","occurred_at":"2026-01-01T00:00:00Z","lead_id":"L","cost":1.5,"x":[true,false,null,"\\u00e9\\ud83d\\ude97"]}' > "$work/corpus/event.json"
printf '[1,2.5e3,-0,"a\\n",{}]' > "$work/corpus/array.json"
"$work/fuzz" -max_total_time="$seconds" -max_len=512 "$work/corpus"
