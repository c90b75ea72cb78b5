#!/bin/bash
# No file-level cycles in src/: from the compiled objects, file A depends on
# file B when A references a symbol B defines; that graph must be acyclic
# (every layer and every format folder reads one way).
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
objs=$(find "$TPCH_BUILD/obj/src" -name '*.o' | sort)
check "objects to inspect" [ -n "$objs" ]
out=$(for o in $objs; do
  f=${o#"$TPCH_BUILD"/obj/}
  nm "$o" | awk -v f="${f%.o}.c" 'NF == 3 && $2 ~ /[TDRB]/ { print "D", f, $3 } NF == 2 && $1 == "U" { print "U", f, $2 }'
done | python3 -c '
import sys, collections
defs, uses = {}, collections.defaultdict(set)
for line in sys.stdin:
    kind, f, sym = line.split()
    if kind == "D": defs[sym] = f
    else: uses[f].add(sym)
graph = {f: {defs[s] for s in syms if s in defs and defs[s] != f} for f, syms in uses.items()}
state, stack, cycles = {}, [], []
def visit(v):
    state[v] = 1; stack.append(v)
    for w in sorted(graph.get(v, ())):
        if state.get(w) == 1: cycles.append(" -> ".join(stack[stack.index(w):] + [w]))
        elif w not in state: visit(w)
    stack.pop(); state[v] = 2
sys.setrecursionlimit(10000)
for v in sorted(graph):
    if v not in state: visit(v)
print("\n".join(cycles))
')
check "no file-level cycles in src/${out:+:
$out}" [ -z "$out" ]
finish
