"""
igraph's betweenness alone, the peer of `npm run bench -- --only engines`: exact; or, for a
sampled run, igraph's breadth-first distances from the same number K of sources (a seeded
shuffle), in chunks of 50: this igraph (0.10.2, Debian's) has no betweenness from a subset of
sources, and the distances are the first half of Brandes' work (no dependency accumulation),
so the sampled figure is a lower bound of igraph's sampled betweenness. Timed inside this
process around the computation (reading is separate).

Usage: /usr/bin/python3 bench/peers/betweenness.py EDGES N OUT.json [--sources K] [--seed S]
EDGES: "i j weight" per line (0-based positions), N: number of nodes.
"""
import json
import random
import sys
import time

import igraph as ig


def main(argv):
    edges_path, n, out = argv[0], int(argv[1]), argv[2]
    k = int(argv[argv.index("--sources") + 1]) if "--sources" in argv else 0
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 42
    t0 = time.perf_counter()
    pairs = []
    with open(edges_path, encoding="utf-8") as f:
        for line in f:
            a, b, _w = line.split()
            pairs.append((int(a), int(b)))
    g = ig.Graph(n=n, edges=pairs, directed=False)
    load_ms = (time.perf_counter() - t0) * 1000
    t1 = time.perf_counter()
    if k and k < n:
        order = list(range(n))
        random.Random(seed).shuffle(order)
        sources = order[:k]
        for at in range(0, k, 50):
            g.distances(source=sources[at : at + 50])
        kind = "distances"
    else:
        g.betweenness(directed=False)
        k = n
        kind = "betweenness"
    ms = (time.perf_counter() - t1) * 1000
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"ms": ms, "loadMs": load_ms, "sources": k, "kind": kind, "igraph": ig.__version__}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
