"""
Peer timings for `npm run bench`: the centrality report's metrics computed by networkx and
igraph on the same graph files Partner Atlas reads, each timed inside this process around
the computation alone (reading the files is timed separately as `load`).

Usage: /usr/bin/python3 bench/peers/metrics.py NODES EDGES OUT.json [--tools networkx,igraph]
       [--nx-sample K] [--ig-sample K] [--seed S] [--reps R]

NODES: one business id per line, in Partner Atlas's node order (values come back in it).
EDGES: "i j weight" per line, i and j being 0-based positions in NODES.
Conventions as issue 4 and analysis/report/network-analysis.ts: betweenness normalized on
hops, closeness with Wasserman-Faust scaling, eigenvector unweighted at unit length,
PageRank weighted, clustering and core number and Burt's constraint unweighted, Louvain
weighted. When a metric is too slow to run whole (--nx-sample K / --ig-sample K, 0 = all),
betweenness is timed from K sampled sources, and closeness, constraint and effective size
on K nodes spread over the graph; the times are extrapolated to all n (times n/K), and the
values of those K nodes are kept for comparison (sampled betweenness is not compared).
"""
import json
import math
import statistics
import sys
import time


def timed(fn, reps=1):
    times = []
    result = None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def ordered(values, n):
    """A dict {index: value} or a list, as a list of floats (None for NaN)."""
    out = []
    for i in range(n):
        v = values[i]
        v = float(v)
        out.append(None if math.isnan(v) else v)
    return out


def picked(n, k):
    """k nodes spread evenly over 0..n-1 (all of them when k >= n)."""
    if k >= n:
        return None
    step = n / k
    return sorted({int(i * step) for i in range(k)})


def read_files(nodes_path, edges_path):
    with open(nodes_path, encoding="utf-8") as f:
        ids = [line.rstrip("\n") for line in f if line.strip()]
    edges = []
    with open(edges_path, encoding="utf-8") as f:
        for line in f:
            a, b, w = line.split()
            edges.append((int(a), int(b), float(w)))
    return ids, edges


def run_networkx(n, edges, sample, seed, reps):
    import networkx as nx

    res = {}

    def load():
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_weighted_edges_from(edges)
        return g

    ms, G = timed(load)
    res["load"] = {"ms": ms}

    def put(name, fn, r=reps, values=True):
        ms, v = timed(fn, r)
        res[name] = {"ms": ms}
        if values:
            res[name]["values"] = ordered(v, n)

    def put_some(name, fn, nodes):
        """Time fn on a subset of nodes; extrapolate the time, keep the values for comparison."""
        ms, v = timed(fn)
        vals = [v[u] for u in nodes] if isinstance(v, dict) else list(v)
        res[name] = {
            "ms": ms * n / len(nodes),
            "note": f"extrapolated from {len(nodes)} nodes",
            "sample": {"nodes": nodes, "values": [None if x != x else float(x) for x in vals]},
        }

    put("degree", lambda: dict(G.degree()))
    put("weighted_degree", lambda: dict(G.degree(weight="weight")))
    nodes = picked(n, sample) if sample else None
    if nodes is None:
        put("betweenness", lambda: nx.betweenness_centrality(G, normalized=True), 1)
        put("closeness", lambda: nx.closeness_centrality(G), 1)
    else:
        k = len(nodes)
        ms, _ = timed(lambda: nx.betweenness_centrality(G, k=k, normalized=True, seed=seed))
        res["betweenness"] = {"ms": ms * n / k, "note": f"extrapolated from k={k} sampled sources"}
        put_some("closeness", lambda: [nx.closeness_centrality(G, u=u) for u in nodes], nodes)
    put("eigenvector", lambda: nx.eigenvector_centrality_numpy(G))
    put("pagerank", lambda: nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-10))
    put("clustering", lambda: nx.clustering(G))
    put("core", lambda: nx.core_number(G))
    if nodes is None:
        put("constraint", lambda: nx.constraint(G), 1)
        put("effective_size", lambda: nx.effective_size(G), 1)
    else:
        put_some("constraint", lambda: nx.constraint(G, nodes=nodes), nodes)
        put_some("effective_size", lambda: nx.effective_size(G, nodes=nodes), nodes)
    put(
        "reach_2",
        lambda: {v: len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1 for v in G},
        1,
    )

    def louvain():
        parts = nx.algorithms.community.louvain_communities(G, weight="weight", seed=seed)
        return nx.algorithms.community.modularity(G, parts, weight="weight")

    ms, q = timed(louvain, 1)
    res["community"] = {"ms": ms, "modularity": q}
    return res


def run_igraph(n, edges, sample, seed, reps):
    import random

    import igraph as ig

    random.seed(seed)
    res = {}

    def load():
        g = ig.Graph(n=n, edges=[(a, b) for a, b, _ in edges], directed=False)
        g.es["weight"] = [w for _, _, w in edges]
        return g

    ms, g = timed(load)
    res["load"] = {"ms": ms}

    def put(name, fn, r=reps):
        ms, v = timed(fn, r)
        res[name] = {"ms": ms, "values": ordered(v, n)}

    put("degree", lambda: g.degree())
    put("weighted_degree", lambda: g.strength(weights="weight"))

    def betweenness():
        raw = g.betweenness(directed=False)
        scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        return [b * scale for b in raw]

    def closeness():
        # igraph scales by the reachable nodes only; Wasserman-Faust multiplies by (r-1)/(n-1).
        c = g.closeness(normalized=True)
        comps = g.connected_components()
        sizes, member = comps.sizes(), comps.membership
        out = []
        for i, v in enumerate(c):
            r = sizes[member[i]]
            out.append(0.0 if r <= 1 or v != v else v * (r - 1) / (n - 1))
        return out

    nodes = picked(n, sample) if sample else None
    if nodes is not None:
        ms, _ = timed(lambda: g.betweenness(directed=False, sources=nodes))
        res["betweenness"] = {"ms": ms * n / len(nodes), "note": f"extrapolated from {len(nodes)} sources"}
        ms, _ = timed(lambda: g.closeness(vertices=nodes, normalized=True))
        res["closeness"] = {"ms": ms * n / len(nodes), "note": f"extrapolated from {len(nodes)} nodes"}
    else:
        put("betweenness", betweenness, 1)
        put("closeness", closeness, 1)

    def evcent():
        v = g.eigenvector_centrality(scale=False)
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [abs(x) / norm for x in v]

    put("eigenvector", evcent)
    put("pagerank", lambda: g.pagerank(damping=0.85, weights="weight"))
    put("clustering", lambda: g.transitivity_local_undirected(mode="zero"))
    put("core", lambda: g.coreness())
    put("constraint", lambda: g.constraint())
    put("reach_2", lambda: [s - 1 for s in g.neighborhood_size(order=2)])

    def louvain():
        return g.community_multilevel(weights="weight").modularity

    ms, q = timed(louvain, 1)
    res["community"] = {"ms": ms, "modularity": q}
    return res


def main():
    args = sys.argv[1:]
    nodes_path, edges_path, out_path = args[0], args[1], args[2]
    opts = dict(zip(args[3::2], args[4::2]))
    tools = opts.get("--tools", "networkx,igraph").split(",")
    seed = int(opts.get("--seed", "42"))
    reps = int(opts.get("--reps", "3"))
    started = time.perf_counter()
    ms, (ids, edges) = timed(lambda: read_files(nodes_path, edges_path))
    n = len(ids)
    out = {"read_ms": ms, "n": n, "m": len(edges), "tools": {}}
    for tool in tools:
        t0 = time.perf_counter()
        try:
            if tool == "networkx":
                out["tools"][tool] = run_networkx(
                    n,
                    edges,
                    int(opts.get("--nx-sample", "0")),
                    seed,
                    reps,
                )
            elif tool == "igraph":
                out["tools"][tool] = run_igraph(n, edges, int(opts.get("--ig-sample", "0")), seed, reps)
            out["tools"][tool]["_total_ms"] = (time.perf_counter() - t0) * 1000
        except Exception as e:  # reported, not fatal: the bench never fails
            out["tools"][tool] = {"error": f"{type(e).__name__}: {e}"}
    out["process_ms"] = (time.perf_counter() - started) * 1000
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
