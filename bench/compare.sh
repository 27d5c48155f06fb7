#!/usr/bin/env bash
# Times, side by side on the same version pairs, `policydiff diff` (whole process) against
# `git diff --no-index --word-diff-regex=.` and a Python jieba + difflib reference, and prints the
# ratios. Installs the Python reference's one dependency (jieba) with pip into a private venv.
#
#   bench/compare.sh [RUNS]        pairs: the bundled example, the seed vs an edited copy (when
#                                  ../shared exists), and the corpus pairs with a major change.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/policydiff

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet jieba
cat > "$work/ref.py" <<'PY'
import difflib, sys, jieba
jieba.setLogLevel(60)
old, new = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
a, b = list(jieba.cut(old)), list(jieba.cut(new))
for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
    if op[0] != "equal":
        print(op[0], "".join(a[op[1]:op[2]]), "->", "".join(b[op[3]:op[4]]))
PY

pairs=("corpus/examples/old.md corpus/examples/new.md")
if [ -f ../shared/seeds/000_cdebb876857469e7.txt ]; then
  cp ../shared/seeds/000_cdebb876857469e7.txt "$work/seed-old.txt"
  sed 's/极光推送/个推推送/; s/2021年09月12日/2022年01月01日/' "$work/seed-old.txt" > "$work/seed-new.txt"
  pairs+=("$work/seed-old.txt $work/seed-new.txt")
fi
for d in corpus/pairs/03-* corpus/pairs/26-*; do
  pairs+=("$(ls "$d"/old.*) $(ls "$d"/new.*)")
done

# Median wall time in milliseconds of RUNS runs of a command.
median_ms() {
  python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"{times[len(times) // 2]:.1f}")
PY
}

printf '%-44s %12s %12s %12s %10s %10s\n' pair policydiff git python pd/git pd/python
for pair in "${pairs[@]}"; do
  set -- $pair
  pd=$(median_ms "$bin" diff "$1" "$2")
  git=$(median_ms git diff --no-index --word-diff-regex=. "$1" "$2")
  py=$(median_ms "$work/venv/bin/python" "$work/ref.py" "$1" "$2")
  python3 -c "
pd, git, py = $pd, $git, $py
print(f'{\"$(basename "$(dirname "$2")")/$(basename "$2")\"[:44]:<44} {pd:>10.1f}ms {git:>10.1f}ms {py:>10.1f}ms {pd/git:>10.2f} {pd/py:>10.3f}')"
done
