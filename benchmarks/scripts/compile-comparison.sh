#!/usr/bin/env bash
# javac time for N generated Cordon models against N AutoValue value classes (default N = 1000).
#
# Writes N one-variable models (input x [-1,3], label target [-1,1], variable w [3,1], output
# y = x.w, mean-squared-error loss) and N three-property @AutoValue classes, then compiles each set
# with its annotation processor, alternating the two sets, R times (default 5), and prints each
# time, the medians and their ratio, plus the lines javac had to read: the sources and what each
# processor generated.
#
# Usage: benchmarks/scripts/compile-comparison.sh [N=1000] [R=5]
# Needs the reactor compiled once (the script runs `mvn -pl processor -am compile` itself) and
# downloads AutoValue 1.11.0 (com.google.auto.value:auto-value) from Maven Central once.
set -euo pipefail
N=${1:-1000}
R=${2:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$ROOT/benchmarks/target/compile-comparison
AUTOVALUE=1.11.0
rm -rf "$WORK"
mkdir -p "$WORK/cordon/src/bench" "$WORK/autovalue/src/bench" "$WORK/lib"

cd "$ROOT"
# Each command writes the file once per module; the last module (the one named by -pl) wins.
mvn -B -q -pl runtime -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/lib/classpath-cordon-runtime.txt" >/dev/null
mvn -B -q -pl processor -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/lib/classpath-cordon-processor.txt" >/dev/null
mvn -B -q dependency:copy -Dartifact=com.google.auto.value:auto-value:$AUTOVALUE -DoutputDirectory="$WORK/lib" >/dev/null
mvn -B -q dependency:copy -Dartifact=com.google.auto.value:auto-value-annotations:$AUTOVALUE -DoutputDirectory="$WORK/lib" >/dev/null

RUNTIME_CP="$ROOT/annotations/target/classes:$ROOT/runtime/target/classes:$(cat "$WORK/lib/classpath-cordon-runtime.txt")"
PROCESSOR_CP="$ROOT/processor/target/classes:$(cat "$WORK/lib/classpath-cordon-processor.txt")"
AV_PROC="$WORK/lib/auto-value-$AUTOVALUE.jar"
AV_CP="$WORK/lib/auto-value-annotations-$AUTOVALUE.jar"

for ((i = 0; i < N; i++)); do
  cat > "$WORK/cordon/src/bench/M$i.java" <<JAVA
package bench;

import dev.cordon.Input;
import dev.cordon.Loss;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.Variable;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

@Model(scope = "m$i")
public abstract class M$i {
  @Input(shape = {-1, 3})
  abstract Operand<TFloat32> x();

  @Input(shape = {-1, 1}, label = true)
  abstract Operand<TFloat32> target();

  @Variable(shape = {3, 1})
  abstract Operand<TFloat32> w();

  @Output(shape = {-1, 1})
  Operand<TFloat32> y(Ops tf) {
    return tf.linalg.matMul(x(), w());
  }

  @Loss
  Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(y(tf), target());
  }
}
JAVA
  cat > "$WORK/autovalue/src/bench/V$i.java" <<JAVA
package bench;

import com.google.auto.value.AutoValue;

@AutoValue
public abstract class V$i {
  public abstract String name();

  public abstract int count();

  public abstract double weight();

  public static V$i create(String name, int count, double weight) {
    return new AutoValue_V$i(name, count, weight);
  }
}
JAVA
done

compile() { # set, classpath, processorpath -> seconds
  local set=$1 cp=$2 pp=$3 out="$WORK/$1/out"
  rm -rf "$out" && mkdir -p "$out/classes" "$out/generated"
  local t0 t1
  t0=$(date +%s.%N)
  javac -nowarn -encoding UTF-8 --release 17 -cp "$cp" -processorpath "$pp" \
    -d "$out/classes" -s "$out/generated" $(find "$WORK/$set/src" -name '*.java')
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}

declare -a CT AT
for ((r = 0; r < R; r++)); do
  if ((r % 2 == 0)); then
    c=$(compile cordon "$RUNTIME_CP" "$PROCESSOR_CP"); a=$(compile autovalue "$AV_CP" "$AV_PROC")
  else
    a=$(compile autovalue "$AV_CP" "$AV_PROC"); c=$(compile cordon "$RUNTIME_CP" "$PROCESSOR_CP")
  fi
  CT+=("$c"); AT+=("$a")
  printf 'run %d: cordon %.2f s, autovalue %.2f s\n' $((r + 1)) "$c" "$a"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
MC=$(median "${CT[@]}"); MA=$(median "${AT[@]}")
lines() { find "$1" -name '*.java' -exec cat {} + | wc -l; }
printf 'lines: cordon sources %d + generated %d; autovalue sources %d + generated %d\n' \
  "$(lines "$WORK/cordon/src")" "$(lines "$WORK/cordon/out/generated")" \
  "$(lines "$WORK/autovalue/src")" "$(lines "$WORK/autovalue/out/generated")"
printf 'one generated model: %d lines (CordonM0.java); one AutoValue class: %d lines (AutoValue_V0.java)\n' \
  "$(wc -l < "$WORK/cordon/out/generated/bench/CordonM0.java")" "$(wc -l < "$WORK/autovalue/out/generated/bench/AutoValue_V0.java")"
printf 'median javac time, %d types: cordon %.2f s, autovalue %.2f s, ratio %.3f (goal <= 1.2)\n' \
  "$N" "$MC" "$MA" "$(echo "$MC / $MA" | bc -l)"

# Where each side's time goes, one run each: the annotated sources compiled alone (-proc:none),
# the sources plus what the processor generated (-proc:none, the generated files kept from the
# last run above), and the processing itself (the median full run minus the latter).
plain() { # set, classpath, files... -> seconds
  local set=$1 cp=$2; shift 2
  local out="$WORK/$set/plain" t0 t1
  rm -rf "$out" && mkdir -p "$out"
  t0=$(date +%s.%N)
  javac -nowarn -encoding UTF-8 --release 17 -proc:none -cp "$cp" -d "$out" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
CS=$(plain cordon "$RUNTIME_CP" $(find "$WORK/cordon/src" -name '*.java'))
CG=$(plain cordon "$RUNTIME_CP" $(find "$WORK/cordon/src" "$WORK/cordon/out/generated" -name '*.java'))
# AutoValue's sources do not compile without what it generates: javac is told to go on to FLOW.
AS=$(plain autovalue "$AV_CP" -XDshould-stop.ifError=FLOW -Xmaxerrs 1 $(find "$WORK/autovalue/src" -name '*.java') 2>/dev/null)
AG=$(plain autovalue "$AV_CP" $(find "$WORK/autovalue/src" "$WORK/autovalue/out/generated" -name '*.java'))
printf 'cordon: sources alone %.2f s, + generated %.2f s (generated code %.2f s), processing %.2f s\n' \
  "$CS" "$CG" "$(echo "$CG - $CS" | bc)" "$(echo "$MC - $CG" | bc)"
printf 'autovalue: sources alone %.2f s, + generated %.2f s (generated code %.2f s), processing %.2f s\n' \
  "$AS" "$AG" "$(echo "$AG - $AS" | bc)" "$(echo "$MA - $AG" | bc)"
