#!/usr/bin/env bash
# Measures the route command end to end: EVENTS generated ADT events (default 1,000,000), ROUTES
# generated routes (default 100) spread over ENDPOINTS file endpoints (default 10), written under DIR
# (default /tmp/eventroute-throughput; several GB for a million events). Prints the route summary.
#   examples/adt/throughput.sh [EVENTS] [ROUTES] [ENDPOINTS] [DIR]
set -euo pipefail
events="${1:-1000000}"
routes="${2:-100}"
endpoints="${3:-10}"
dir="${4:-/tmp/eventroute-throughput}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/eventroute" --version >/dev/null   # builds the jar if needed
jar="$root/cli/target/eventroute.jar"
mkdir -p "$dir"
rm -rf "$dir/out"
if [[ ! -f "$dir/events-$events.jsonl" ]]; then
  java -jar "$jar" generate --routes "$routes" --events "$events" --seed 42 \
    --routes-out "$dir/routes.jsonl" --events-out "$dir/events-$events.jsonl"
else
  java -jar "$jar" generate --routes "$routes" --events 0 --seed 42 \
    --routes-out "$dir/routes.jsonl" --events-out /dev/null
fi
# The configuration as JSON: the generated route lines without their event-ruler rule, each with an endpoint.
{
  echo '{"endpoints": ['
  for ((i = 0; i < endpoints; i++)); do
    sep=","; ((i == endpoints - 1)) && sep=""
    echo "  {\"name\": \"files-$i\", \"kind\": \"file\", \"path\": \"$dir/out/files-$i.jsonl\"}$sep"
  done
  echo '], "deadLetter": {"path": "'"$dir"'/out/deadletter"}, "routes": ['
  n=0
  while IFS= read -r line; do
    sep=","; ((n == routes - 1)) && sep=""
    echo "  ${line%,\"ruler\":*}, \"endpoint\": \"files-$((n % endpoints))\"}$sep"
    n=$((n + 1))
  done < "$dir/routes.jsonl"
  echo ']}'
} > "$dir/config.json"
time java -jar "$jar" route --config "$dir/config.json" --events "$dir/events-$events.jsonl"
