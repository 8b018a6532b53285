# Sourced by paired.sh and homes.sh after they read their arguments: checks WORKLOAD against the
# workloads of Workloads.java ($workloads, a list; $0's name in the message), sets `here`, `repo`,
# `out` (benchmarks/paired/target, created) and `jdk` (tools/jdk21.sh), and defines build_core.
case " $workloads " in *" $workload "*) ;; *)
  echo "$(basename "$0"): unknown workload '$workload' (${workloads// /, })" >&2
  exit 2
  ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$here/target
mkdir -p "$out"

# shellcheck source=../../tools/jdk21.sh
source "$repo/tools/jdk21.sh"

build_core() { # $1: source tree; builds its go4j-core with Maven and prints the jar
  # shellcheck disable=SC2086 # MAVEN_ARGS is a list of options
  (cd "$1" && mvn ${MAVEN_ARGS:-} -q -B -pl core package -DskipTests -Djacoco.skip=true >&2)
  ls "$1"/core/target/go4j-core-*-SNAPSHOT.jar | grep -v -- '-tests\|-sources\|-javadoc' | head -1
}
