#!/usr/bin/env bash
# Browser test of the HTML report: renders a corpus pair whose new version carries hostile text
# (script tags, an <img onerror>, javascript: links, bidi overrides, zero-width characters, emoji,
# a very long line) with `policydiff diff --format html`, loads it in headless Chromium, checks
# the DOM (change markers, badges, no policy script ran, no element from policy markup) and keeps
# a screenshot at target/browser/report.png. Exit 0 on success (or a skip when Chromium cannot
# be installed), 1 on failure.
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
artefacts=$root/target/browser
mkdir -p "$artefacts"

fail() { echo "browser test: FAIL: $*"; exit 1; }

chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium_bin" ]; then
    echo "browser test: chromium not found, installing (apt-get install chromium)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei; } >"$artefacts/apt.log" 2>&1; then
        echo "browser test: SKIP: could not install chromium (see $artefacts/apt.log)"
        exit 0
    fi
    chromium_bin=$(command -v chromium || true)
    [ -n "$chromium_bin" ] || { echo "browser test: SKIP: chromium still missing after install"; exit 0; }
fi
if ! command -v jq >/dev/null; then
    { apt-get install -y -qq jq >>"$artefacts/apt.log" 2>&1 && command -v jq >/dev/null; } \
        || { echo "browser test: SKIP: jq is missing and could not be installed"; exit 0; }
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    echo "browser test: note: no CJK font installed; the screenshot will show boxes (apt-get install fonts-wqy-zenhei)"
fi

cargo build --quiet --bin policydiff || fail "cargo build failed"
bin=$target/debug/policydiff

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pair=corpus/pairs/26-shop-whitespace-new-analytics-sdk
[ -f "$pair/old.txt" ] || fail "missing $pair"
# Relative paths keep the report free of machine-specific paths.
mkdir -p "$work/pair"
cp "$pair/old.txt" "$work/pair/old.txt"
long=$(printf '很长的一行没有任何标点%.0s' $(seq 1 120))
{
    # A modified clause carrying markup, so hostile text also lands inside the redline tokens.
    sed '0,/我们/s//我们<b onmouseover="document.title=1">/' "$pair/new.txt"
    printf '\n十二、附加说明\n'
    printf '我们与<script>document.title="PWNED";document.body.insertAdjacentHTML("beforeend","<p id=pwned>x</p>")</script>合作伙伴共享您的设备信息。\n'
    printf '<img src=x onerror="document.title=%s;document.body.id=%s">如您不同意，请停止使用。\n' "'PWNED'" "'pwned'"
    printf '点击<a href="javascript:document.title=%s">这里</a>或[这里](javascript:alert(1))撤回同意。\n' "'PWNED'"
    printf '\u202Edesrever\u202C 零\u200B宽\u200D字符 😀🎮 مرحبا بالعالم שלום <style>body{display:none}</style>\n'
    printf '%s\n' "$long"
} >"$work/pair/new.txt"

(cd "$work" && "$bin" diff pair/old.txt pair/new.txt --format html -o report.html)
status=$?
[ "$status" -le 1 ] || fail "policydiff diff --format html exited $status"
(cd "$work" && "$bin" diff pair/old.txt pair/new.txt --format json >report.json)
cp "$work/report.html" "$artefacts/report.html"

chrome() {
    "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=3000 "$@" 2>>"$artefacts/chromium.log"
}
: >"$artefacts/chromium.log"
chrome --dump-dom "file://$work/report.html" >"$work/dom.html" || fail "chromium --dump-dom failed (see $artefacts/chromium.log)"
chrome --screenshot="$artefacts/report.png" --window-size=1280,2000 --hide-scrollbars "file://$work/report.html" >/dev/null \
    || fail "chromium --screenshot failed"
cp "$work/dom.html" "$artefacts/dom.html"
[ -s "$work/dom.html" ] || fail "empty DOM"
[ -s "$artefacts/report.png" ] || fail "no screenshot"

count() { grep -o -- "$1" "$work/dom.html" | wc -l; }
json() { jq -r "$1" "$work/report.json"; }

placed=$(json '[.changes[] | select(.old != null or .new != null)] | length')
listed=$(json '[.changes[] | select(.severity != "editorial")] | length')
major=$(json '[.changes[] | select(.severity == "major")] | length')
markers=$(count 'data-severity="')
badges=$(count 'class="badge ')
title=$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$work/dom.html" | head -1)

[ "$markers" -eq "$placed" ] || fail "expected $placed change markers, found $markers"
[ "$(count 'class="badge major"')" -ge "$major" ] || fail "fewer major badges than major changes ($major)"
[ "$(count '<ol class="changes ')" -ge $(( listed > 0 ? 1 : 0 )) ] || fail "no change list"
verdict=$([ "$(json .major)" = true ] && echo yes || echo no)
[ "$(count "class=\"verdict $verdict\"")" -eq 1 ] || fail "verdict box does not say major=$(json .major)"
[ "$(count '<ins>')" -gt 0 ] || fail "no inserted-text markup"
reasons=$(json '.major_reasons | length')
[ "$(count 'class="reason"')" -eq "$reasons" ] || fail "expected $reasons major-reason blocks"
[ "$(count 'class="sides"')" -eq "$reasons" ] || fail "a major reason lacks its old/new evidence side by side"
[ "$(count 'class="goto" href="#')" -ge $(( reasons > 0 ? 1 : 0 )) ] || fail "no major reason links into the redline"
[ "$(count 'name="code"')" -ge $(( reasons > 0 ? reasons + 1 : 0 )) ] || fail "no code filters"
[ "$(count '<script')" -eq 0 ] || fail "a <script> element is in the DOM"
[ "$(count '<img')" -eq 0 ] || fail "an <img> element from the policy is in the DOM"
[ "$(count '<a href="javascript')" -eq 0 ] || fail "a javascript: link is in the DOM"
[ "$(count 'id="pwned"')" -eq 0 ] || fail "policy script ran (element #pwned exists)"
[ "$(grep -c 'PWNED' <<<"$title")" -eq 0 ] || fail "policy script ran (document.title is '$title')"
[ "$(count '&lt;script&gt;document.title')" -ge 1 ] || fail "hostile <script> text is not shown as text"
[ "$(count '&lt;img src=x onerror')" -ge 1 ] || fail "hostile <img> text is not shown as text"
[ "$(count '&lt;U+202E&gt;')" -ge 1 ] || fail "bidi override not made visible"
[ "$(count 'Content-Security-Policy')" -eq 1 ] || fail "no Content-Security-Policy meta tag"
grep -Eq "(src|href)=\"(https?:|//)" "$work/dom.html" && fail "external resource referenced"

echo "browser test: OK ($markers change markers, $badges badges, $(count '<del>') deletions, $(count '<ins>') insertions; no policy script ran; screenshot target/browser/report.png)"
