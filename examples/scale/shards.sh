#!/usr/bin/env bash
# Runs `policydiff batch` over a large crawl as N independent shard processes and concatenates the
# JSON lines. Each shard can run on another machine (same command, its own I): the only shared
# things are the file list order (sorted paths) and the JSONL format.
#
#   examples/scale/shards.sh CRAWL_DIR SHARDS OUT.jsonl [policydiff binary]
set -euo pipefail
dir=${1:?crawl directory}; shards=${2:?number of shards}; out=${3:?output .jsonl}
bin=${4:-policydiff}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ((i = 0; i < shards; i++)); do
  "$bin" batch "$dir" --shard "$i/$shards" --jobs 1 --out "$tmp/part-$i.jsonl" 2> "$tmp/part-$i.log" &
done
wait
cat "$tmp"/part-*.jsonl > "$out"
cat "$tmp"/part-*.log >&2
echo "$(wc -l < "$out") records in $out" >&2
