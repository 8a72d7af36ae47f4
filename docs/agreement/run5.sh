#!/bin/sh
# The run behind docs/agreement/run5-plain and run5-warm (docs/agreement/README.md): str at
# n = 2^16, 9 reps; per rep, each implementation's reference once plain and once with
# -reference.warm, then mapbench's six cells, whose CSVs both tables share. Run from the
# repository root: sh docs/agreement/run5.sh, then go run ./internal/cmd/agree -markdown
# $D/plain/agree-reference.txt $D/plain/agree-*.csv (and the same for warm).

set -e
mkdir -p out
go test -c -o out/reference.test ./reference
go build -o out/mapbench ./cmd/mapbench
D=${D:-out/run5}; rm -rf $D; mkdir -p $D/plain $D/warm
for rep in $(seq 9); do
  for impl in native syncmap xsync xsync-growonly dolthub cockroach; do
    for mode in plain warm; do
      fl=""; [ $mode = warm ] && fl=-reference.warm
      out/reference.test -test.run='^$' -test.bench='^BenchmarkDrainDelete$/^impl='"$impl"'$/^shape=str$/^n=65536$' -test.benchtime=118x -test.cpu=1 -reference.n=65536 $fl > $D/ref.log 2>&1
      grep '^Benchmark' $D/ref.log >> $D/$mode/agree-reference.txt
    done
  done
  out/mapbench run -scenarios drain -impls native,syncmap,xsync,xsync-growonly,dolthub,cockroach -shapes str -n 65536 -reps 1 -o $D/plain/agree-$rep-65536.csv -force > $D/mb.log 2>&1
  cp $D/plain/agree-$rep-65536.csv $D/warm/
  echo "rep $rep done"
done

