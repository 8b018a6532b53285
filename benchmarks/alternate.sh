#!/usr/bin/env bash
# Compares implementations of one JMH benchmark in turns: each round runs one fork of each, so
# that a machine whose speed drifts over minutes (a shared virtual machine) moves every side alike,
# and prints each round's scores, then the median of the per-round ratios of each implementation
# to the first. (The full `mvn verify -Pbench` runs one implementation's forks one after the other,
# so a ratio in its report also carries the drift between the two blocks.)
#
#   benchmarks/alternate.sh BENCHMARK ROUNDS IMPL1 IMPL2 ... [-- JMH options]
#   benchmarks/alternate.sh 'PingPong.run$' 8 go4j juc jox
#   benchmarks/alternate.sh 'Spsc.run$' 8 go4j juc -- -p capacity=0
#
# IMPL is the benchmark's `impl` parameter (go4j, jox, juc, ltq, ...). Each fork runs 2 x 1 s
# warm-up and 3 x 1 s measured iterations (JMH options given after -- replace or add to these).
# Needs benchmarks/target/benchmarks.jar (`mvn -pl benchmarks -am package -DskipTests`) and a JDK
# 21+ (tools/jdk21.sh: $GO4J_JAVA_HOME, $JAVA_HOME, or the newest under /usr/lib/jvm). Exits
# non-zero if a fork fails. Like any JMH run it refuses to start while another holds /tmp/jmh.lock.
set -euo pipefail

if [[ $# -lt 3 || $1 == -* ]]; then
  sed -n '2,16s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
bench=$1
rounds=$2
shift 2
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "alternate.sh: ROUNDS must be a positive number: '$rounds'" >&2; exit 2; }
impls=()
while [[ $# -gt 0 && $1 != -- ]]; do
  impls+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift # the --
[[ ${#impls[@]} -ge 1 ]] || { echo "alternate.sh: no implementation given" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../tools/jdk21.sh
source "$repo/tools/jdk21.sh"
jar=$repo/benchmarks/target/benchmarks.jar
[[ -f $jar ]] || { echo "alternate.sh: $jar not found: mvn -pl benchmarks -am package -DskipTests" >&2; exit 1; }
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT

scores=() # "round impl score" lines
for ((r = 1; r <= rounds; r++)); do
  line="round $r:"
  for impl in "${impls[@]}"; do
    if ! "$jdk/bin/java" -jar "$jar" "$bench" -p "impl=$impl" -f 1 -wi 2 -w 1s -i 3 -r 1s "$@" \
      -rf csv -rff "$csv" >/dev/null 2>&1; then
      echo "alternate.sh: the fork of $impl failed (round $r): run it with benchmarks/run.sh to see why" >&2
      exit 1
    fi
    rows=$(tail -n +2 "$csv" | wc -l)
    if [[ $rows -ne 1 ]]; then
      echo "alternate.sh: '$bench' with impl=$impl gave $rows scores, not one: narrow it with -p" >&2
      exit 1
    fi
    score=$(tail -n +2 "$csv" | cut -d, -f5)
    line="$line $impl $score"
    scores+=("$r $impl $score")
  done
  echo "$line"
done

printf '%s\n' "${scores[@]}" | awk -v first="${impls[0]}" '
  $2 == first { base[$1] = $3 }
  { s[$2, $1] = $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
  END {
    for (i = 2; i <= n; i++) {
      m = 0
      for (r in base) { ratio[++m] = base[r] / s[order[i], r] }
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (ratio[b] < ratio[a]) { t = ratio[a]; ratio[a] = ratio[b]; ratio[b] = t }
      med = m % 2 ? ratio[(m + 1) / 2] : (ratio[m / 2] + ratio[m / 2 + 1]) / 2
      printf "%s/%s: median of %d per-round ratios %.2f (%.2f-%.2f)\n", first, order[i], m, med, ratio[1], ratio[m]
      delete ratio
    }
  }'
