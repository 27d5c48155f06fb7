#!/usr/bin/env bash
# .git/hooks/commit-msg — refuses a commit whose staged policy edit makes a 重大变更 that the
# commit message does not acknowledge with the trailer `Policy-Change: third_party, data_category`
# (or the key set by `trailer =` in the repository's policydiff.toml, or POLICYDIFF_TRAILER).
set -euo pipefail
message_file="$1"
policy="${POLICYDIFF_POLICY:-policy/privacy.md}"
git diff --cached --quiet -- "$policy" && exit 0
root=$(git rev-parse --show-toplevel)
config=(); [ -f "$root/policydiff.toml" ] && config=(--config "$root/policydiff.toml")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
git show "HEAD:$policy" > "$tmp/old.${policy##*.}" 2>/dev/null || exit 0   # new file: nothing to compare
mkdir -p "$tmp/$(dirname "$policy")"
git show ":$policy" > "$tmp/$policy"
configured=$(sed -n 's/^trailer *= *"\([^"]*\)".*/\1/p' "$root/policydiff.toml" 2>/dev/null || true)
trailer="${POLICYDIFF_TRAILER:-${configured:-Policy-Change}}"
# The trailer's values in the message being committed, comma-separated.
allow=$(git interpret-trailers --parse "$message_file" \
  | sed -n "s/^${trailer}: *//Ip" | tr '\n' ',')
allow="${allow%,}${POLICYDIFF_ALLOW:+,$POLICYDIFF_ALLOW}"
status=0
(cd "$tmp" && policydiff check "old.${policy##*.}" "$policy" "${config[@]}" --allow "$allow") || status=$?
exit "$status"
