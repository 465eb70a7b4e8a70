"""
igraph's exact betweenness alone, the peer of the local-report section of `npm run bench`
(bench/local-report.ts): reads the same node and edge lists as bench/peers/metrics.py and
times `Graph.betweenness(directed=False)` (hops, one thread) inside this process, wall and CPU.

Usage: /usr/bin/python3 bench/peers/betweenness-exact.py NODES EDGES
Prints one JSON line: {"n", "m", "wallMs", "cpuMs", "processMs"}.
"""
import json
import sys
import time


def main():
    started = time.perf_counter()
    import igraph as ig

    nodes_path, edges_path = sys.argv[1], sys.argv[2]
    with open(nodes_path, encoding="utf-8") as f:
        n = sum(1 for line in f if line.strip())
    with open(edges_path, encoding="utf-8") as f:
        edges = [tuple(int(x) for x in line.split()[:2]) for line in f if line.strip()]
    g = ig.Graph(n=n, edges=edges, directed=False)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    g.betweenness(directed=False)
    wall = (time.perf_counter() - t0) * 1000
    cpu = (time.process_time() - cpu0) * 1000
    out = {"n": n, "m": len(edges), "wallMs": wall, "cpuMs": cpu}
    out["processMs"] = (time.perf_counter() - started) * 1000
    print(json.dumps(out))


if __name__ == "__main__":
    main()
