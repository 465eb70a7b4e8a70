"""
Peer timing for `npm run bench` (loading): read the weighted edge list that the harness
writes (bench/harness.ts, "i j weight" lines) with networkx's read_weighted_edgelist and
igraph's Read_Ncol, parsing included (isolated businesses are not in an edge list). Prints {"networkx": ms, "igraph": ms}, each the median of REPS runs.

Usage: /usr/bin/python3 bench/peers/load.py NODES EDGES [REPS]
"""
import json
import statistics
import sys
import time


def with_networkx(nodes_path, edges_path):
    import networkx as nx

    return nx.read_weighted_edgelist(edges_path, nodetype=int)


def with_igraph(nodes_path, edges_path):
    import igraph as ig

    return ig.Graph.Read_Ncol(edges_path, weights=True, directed=False)


def median_ms(fn, reps):
    fn()  # warm-up: imports and caches
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    nodes, edges_file = sys.argv[1], sys.argv[2]
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    print(
        json.dumps(
            {
                "networkx": median_ms(lambda: with_networkx(nodes, edges_file), reps),
                "igraph": median_ms(lambda: with_igraph(nodes, edges_file), reps),
            }
        )
    )
