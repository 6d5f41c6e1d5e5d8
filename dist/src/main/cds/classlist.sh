#!/usr/bin/env bash
# Regenerates egret.classlist, the classes every Egret JVM loads to start, from a training run:
# the WordCount example on the local cluster, every process logging the classes it loads.
# The build archives these classes (lib/egret.jsa) so that each process maps them instead of
# loading them. A stale list costs only speed: classes it misses load as usual.
#   dist/src/main/cds/classlist.sh      (after mvn package; takes about a minute)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$here/../../../target/egret"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="-Xlog:class+load=info:file=$work/loaded/%p.log"
mkdir -p "$work/loaded"
props=(--config-property "egret.statemgr.root=$work/state" --config-property "egret.working.dir=$work/topologies"
  --config-property "egret.uploader.local.dir=$work/packages"
  --config-property "egret.system.jvm.opts=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms8m -Dio.netty.allocator.maxOrder=7 $log"
  --config-property "egret.stmgr.jvm.opts=-XX:+UseSerialGC -Xss512k -Xms10m -Xmn8m -Dio.netty.allocator.maxOrder=7 $log"
  --config-property "egret.instance.jvm.opts=$log")
name="classlist-$$"
"$home/bin/egret" submit local "${props[@]}" "$home/examples/egret-examples.jar" \
  org.egret.examples.WordCountTopology "$name"
echo "waiting for the topology to run ..."
for _ in $(seq 1 240); do
  if grep -qs "opening spout" "$work"/topologies/"$name"/container-*/logs/instance-*.log; then
    break
  fi
  sleep 0.5
done
sleep 10
"$home/bin/egret" kill local "${props[@]}" "$name"
# Classes of the topology's own jar are left out (not on Egret's class path), and so are the
# generated ones (lambdas, hidden classes), which a class list cannot name.
cat "$work"/loaded/*.log | grep ' source: ' | grep -v 'egret-examples\|Lambda\|/0x' \
  | sed -E 's/.*\] ([^ ]+) source:.*/\1/' | tr '.' '/' | LC_ALL=C sort -u > "$here/egret.classlist"
echo "$(wc -l < "$here/egret.classlist") classes -> $here/egret.classlist"
