#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's own fixtures (corpus/policies, corpus/pairs): run
# from anywhere before `cargo fuzz run`. Writes fuzz/corpus/<target>/ (git-ignored); every seed is
# prefixed with the selector byte(s) the targets expect (see fuzz/src/lib.rs and the targets).
set -euo pipefail
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz_dir")
mkdir -p "$fuzz_dir"/corpus/{read_parse,extract,diff}

# Selector of a file name: the index of its format in fuzz/src/lib.rs NAMES (txt, md, html).
selector() {
  case "$1" in
    *.md) echo 1 ;;
    *.html) echo 2 ;;
    *) echo 0 ;;
  esac
}

# One seed: selector byte(s) as octal escapes, then the files' bytes.
write_seed() { # out prefix-escapes files...
  local out=$1 prefix=$2
  shift 2
  { printf "$prefix"; cat "$@"; } >"$out"
}

n=0
for file in "$repo"/corpus/policies/*.{txt,md,html} "$repo"/corpus/pairs/*/{old,new}.* "$repo"/corpus/examples/*.md; do
  [[ -f $file && $file != *.json ]] || continue
  n=$((n + 1))
  sel=$(selector "$file")
  for target in read_parse extract; do
    write_seed "$fuzz_dir/corpus/$target/seed-$n" "\\$(printf '%03o' "$sel")" "$file"
  done
  # The same bytes with the format sniffed from the content (selector 3, as for stdin).
  write_seed "$fuzz_dir/corpus/read_parse/seed-$n-sniffed" '\003' "$file"
done

for old in "$repo"/corpus/pairs/*/old.* "$repo"/corpus/policies/*.{txt,md,html}; do
  if [[ $old == */old.* ]]; then
    new=$(ls "$(dirname "$old")"/new.*)
  else
    new=$old # a policy against itself: the target asserts no change
  fi
  size=$(stat -c %s "$old")
  (( size < 65536 )) || continue
  sel=$(( $(selector "$old") | $(selector "$new") << 2 ))
  prefix="\\$(printf '%03o' "$sel")\\$(printf '%03o' $((size & 255)))\\$(printf '%03o' $((size >> 8)))"
  write_seed "$fuzz_dir/corpus/diff/$(basename "$(dirname "$old")")-$(basename "$old")" "$prefix" "$old" "$new"
done
for target in read_parse extract diff; do
  echo "$target: $(ls "$fuzz_dir/corpus/$target" | wc -l) seeds"
done
