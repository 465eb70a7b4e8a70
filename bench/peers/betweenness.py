"""
igraph's betweenness alone, the peer of `npm run bench -- --only engines`: exact, or from the
first K sources of a seeded shuffle (the same amount of work as Partner Atlas's sampled run;
not extrapolated). Timed inside this process around the computation (reading is separate).

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
        g.betweenness(directed=False, sources=order[:k])
    else:
        g.betweenness(directed=False)
        k = n
    ms = (time.perf_counter() - t1) * 1000
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"ms": ms, "loadMs": load_ms, "sources": k, "igraph": ig.__version__}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
