#!/usr/bin/env bash
# Runs the JMH benchmarks whose names match a pattern, on the build's JDK 21+ toolchain (Maven
# itself may run on any java, 17 included), with short defaults, and exits non-zero when a
# benchmark fails or its JVM cannot start.
#
#   benchmarks/run.sh PATTERN [JMH options]
#   benchmarks/run.sh PingPong                   # every PingPong benchmark
#   benchmarks/run.sh 'GoShapes.chanNonblocking' -prof gc
#   benchmarks/run.sh PingPong -f 2 -i 10        # options given replace the matching defaults
#
# Defaults: -f 1 -wi 2 -w 1s -i 3 -r 1s (one fork, 2 x 1 s warm-up, 3 x 1 s measured per
# parameter combination). Results: benchmarks/target/jmh-one.json; nothing is written to
# docs/benchmarks, which only the full `mvn verify -Pbench` run updates.
# MAVEN_ARGS is passed to Maven first (e.g. MAVEN_ARGS=-o for an offline build). Like any JMH
# run, it refuses to start (exit 1, "Unable to acquire the JMH lock") while another JMH run on the
# machine holds /tmp/jmh.lock, so that two measurements never share the CPUs.
set -euo pipefail

if [[ $# -lt 1 || $1 == -* ]]; then
  sed -n '2,15s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
pattern=$1
shift

defaults=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  option=${defaults[k]}
  given=false
  for a in "$@"; do
    [[ $a == "$option" ]] && given=true
  done
  $given || args+=("$option" "${defaults[k + 1]}")
done
args+=("$@")
for a in "${args[@]}"; do
  if [[ $a == *[[:space:]]* ]]; then
    echo "run.sh: JMH options may not contain spaces: '$a'" >&2
    exit 2
  fi
done

cd "$(dirname "$0")/.."
# shellcheck disable=SC2086 # MAVEN_ARGS is a list of options
exec mvn ${MAVEN_ARGS:-} -q -B -pl benchmarks -am process-classes \
  -Dbench="$pattern" -Dbench.args="${args[*]}"
