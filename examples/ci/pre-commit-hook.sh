#!/usr/bin/env bash
# .git/hooks/pre-commit — refuses a commit whose staged policy edit makes an unacknowledged 重大变更.
# A pre-commit hook cannot see the commit message, so it cannot read a `Policy-Change:` trailer:
# acknowledge here with POLICYDIFF_ALLOW=third_party,data_category git commit …, or install
# commit-msg-hook.sh instead, which reads the trailer from the message being written.
set -euo pipefail
policy="${POLICYDIFF_POLICY:-policy/privacy.md}"
git diff --cached --quiet -- "$policy" && exit 0
root=$(git rev-parse --show-toplevel)
config=(); [ -f "$root/policydiff.toml" ] && config=(--config "$root/policydiff.toml")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
git show "HEAD:$policy" > "$tmp/old.${policy##*.}" 2>/dev/null || exit 0   # new file: nothing to compare
# The staged version under its real path, so the report names policy/privacy.md, not a temp file.
mkdir -p "$tmp/$(dirname "$policy")"
git show ":$policy" > "$tmp/$policy"
status=0
(cd "$tmp" && policydiff check "old.${policy##*.}" "$policy" "${config[@]}" --allow "${POLICYDIFF_ALLOW:-}") || status=$?
if [ "$status" -eq 1 ]; then
  echo "pre-commit: acknowledge with POLICYDIFF_ALLOW=<codes> git commit …, or use the commit-msg hook to acknowledge with a trailer" >&2
fi
exit "$status"
