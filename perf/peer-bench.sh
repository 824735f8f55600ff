#!/usr/bin/env bash
# perf/peer-bench.sh: the peer figures Grove is compared with. Fetches the corpora if needed,
# draws a query set per corpus (seed 42), and runs grove-peer-bench for Xapian and SQLite FTS5
# with 1 and 2 threads, printing the LOAD and RESULT lines at the end.
#
#   perf/peer-bench.sh                 # 1000 queries per type (the default)
#   PER_TYPE=200 perf/peer-bench.sh    # fewer queries, for a quick look
#
# Environment: BUILD (build dir, default build), OUT (default var/perf/peers), PER_TYPE,
# THREADS (default 1,2), SEED (default 42), CORPORA (default "gcide kjv"), ENGINES
# (default "xapian fts5"). Nothing here touches the network except scripts/corpus/fetch when a
# corpus is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
OUT=${OUT:-var/perf/peers}
PER_TYPE=${PER_TYPE:-1000}
THREADS=${THREADS:-1,2}
SEED=${SEED:-42}
CORPORA=${CORPORA:-gcide kjv}
ENGINES=${ENGINES:-xapian fts5}

if [ ! -s var/corpus/gcide.jsonl ] || [ ! -s var/corpus/kjv.jsonl ]; then
  scripts/corpus/fetch
fi
ninja -C "$BUILD" grove-queryset grove-peer-bench >/dev/null
mkdir -p "$OUT"

# Per corpus: the numeric field the "+filter" queries range over, and the "+sort" keys.
filter_of() { case $1 in gcide) echo length ;; kjv) echo book_number ;; esac; }
sort_of() { case $1 in kjv) echo book_number,chapter,verse ;; *) echo "" ;; esac; }

for corpus in $CORPORA; do
  args=(--corpus "var/corpus/$corpus.jsonl" --out "$OUT/$corpus.queries" --seed "$SEED"
        --per-type "$PER_TYPE" --filter-field "$(filter_of "$corpus")")
  [ -n "$(sort_of "$corpus")" ] && args+=(--sort-fields "$(sort_of "$corpus")")
  "$BUILD/bin/grove-queryset" "${args[@]}"
  "$BUILD/bin/grove-peer-bench" --engine none --queries "$OUT/$corpus.queries"
done

echo "machine: $(nproc) cores, $(uname -srm)"
for corpus in $CORPORA; do
  for engine in $ENGINES; do
    # Figures from a busy machine are noisy: say how busy it was.
    echo "load average before $corpus/$engine: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$BUILD/bin/grove-peer-bench" --corpus "var/corpus/$corpus.jsonl" \
      --queries "$OUT/$corpus.queries" --engine "$engine" --workdir "$OUT/$corpus-$engine" \
      --threads "$THREADS" | tee "$OUT/$corpus-$engine.log"
  done
done

echo
echo "== machine-readable figures (also in $OUT/results.txt)"
for corpus in $CORPORA; do
  for engine in $ENGINES; do grep -h -E '^(LOAD|RESULT) ' "$OUT/$corpus-$engine.log"; done
done | tee "$OUT/results.txt"
