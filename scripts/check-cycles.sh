#!/bin/sh
# Reports the circular dependencies between the objects of the library, as
# the linker sees them: a cycle is a chain of objects each of which needs a
# symbol that the next one defines, back to the first. Exits 1 when there
# is one (docs/architecture.md: the library's objects form a hierarchy).
#
#   sh scripts/check-cycles.sh [build/libspecsync.a]
set -eu
lib=${1:-build/libspecsync.a}
[ -f "$lib" ] || { echo "check-cycles: $lib not found (build first)" >&2; exit 2; }
nm -A "$lib" 2>/dev/null | python3 -c '
import sys, collections
defs, needs = {}, collections.defaultdict(set)
for line in sys.stdin:
    parts = line.split()
    if len(parts) < 2:
        continue
    obj = parts[0].split(":")[-2] if parts[0].count(":") >= 2 else parts[0].rstrip(":")
    obj = obj.replace(".c.o", "")
    kind, sym = (parts[1], parts[2]) if len(parts) == 3 else (parts[1], parts[2] if len(parts) > 2 else "")
    if kind == "U":
        needs[obj].add(sym)
    elif kind in "TDBRC" and sym:
        defs[sym] = obj
graph = {o: sorted({defs[s] for s in syms if s in defs and defs[s] != o}) for o, syms in needs.items()}
# strongly connected components (Tarjan)
index, low, stack, on, comps, n = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
    for w in graph.get(v, []):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = []
        while True:
            w = stack.pop(); on.discard(w); c.append(w)
            if w == v: break
        if len(c) > 1: comps.append(sorted(c))
sys.setrecursionlimit(10000)
for v in sorted(graph):
    if v not in index: visit(v)
for c in comps:
    print("cycle: " + " <-> ".join(c))
    for a in c:
        for b in graph.get(a, []):
            if b in c:
                print("  %s needs %s: %s" % (a, b, ", ".join(sorted(s for s in needs[a] if defs.get(s) == b))))
sys.exit(1 if comps else 0)
'
