#!/usr/bin/env bash
# .git/hooks/pre-commit — refuses a commit whose staged policy edit makes an unacknowledged 重大变更.
# Acknowledge with POLICYDIFF_ALLOW=third_party,data_category git commit …, or after review with
# the trailer `Policy-Change: third_party, data_category` in the commit message (checked in CI).
set -euo pipefail
policy="policy/privacy.md"
git diff --cached --quiet -- "$policy" && exit 0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
git show "HEAD:$policy" > "$tmp/old" 2>/dev/null || exit 0   # new file: nothing to compare
git show ":$policy" > "$tmp/new"
cp "$tmp/old" "$tmp/old.${policy##*.}"; cp "$tmp/new" "$tmp/new.${policy##*.}"
exec policydiff check "$tmp/old.${policy##*.}" "$tmp/new.${policy##*.}" --allow "${POLICYDIFF_ALLOW:-}"
