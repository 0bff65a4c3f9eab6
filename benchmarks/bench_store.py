"""Load and query speed of the store backends, side by side, on a synthetic graph.

    python benchmarks/bench_store.py [--articles 3300] [--statements 15] [--repeat 5]

Builds ~630k triples with kg.rdf's own article_graph and actor_graph over kg.synthetic records
into one N-Quads file, then, for each backend in a process of its own (so that the peak RSS is
that backend's), loads the file with Store.load and runs every examples/queries/*.rq query
through kg.query: prints the load time (wall clock and CPU: the machine may be shared), the
peak RSS and each query's median (p50) latency.
Goals: load <= 2 s per 600k triples; an aggregate (group-by) query <= 0.1 s.
"""
from __future__ import annotations

import argparse
import json
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, URIRef

from kg import synthetic
from kg.query import query
from kg.rdf import ACTORS_GRAPH, Store, actor_graph, article_graph, article_iri

QUERIES = Path(__file__).resolve().parent.parent / "examples" / "queries"
# name -> (Store backend, Store.load's bulk): Oxigraph's bulk loader, the one-transaction load of
# `kg import`, and rdflib's in-memory store.
RUNS = {"oxigraph bulk": ("oxigraph", True), "oxigraph import": ("oxigraph", False), "memory": ("memory", False)}
BUDGET = 20.0  # seconds of runs per query: rdflib's engine takes seconds to minutes a query here


def nquads(graph: Graph, name: URIRef) -> str:
    # N-Triples lines end in " .\n" (a newline inside a literal is escaped), so the graph name goes there.
    return graph.serialize(format="nt").replace(" .\n", f" <{name}> .\n")


def generate(path: Path, articles: int, statements: int) -> int:
    """Write the synthetic articles and their actors as N-Quads; returns the number of lines (quads)."""
    actors = synthetic.cast()
    with path.open("w", encoding="utf-8") as stream:
        stream.write(nquads(actor_graph(actors), ACTORS_GRAPH))
        for index in range(articles):
            article, linked = synthetic.article(index, statements, actors)
            stream.write(nquads(article_graph(article, linked), article_iri(article.doc)))
    with path.open("rb") as lines:
        return sum(1 for _ in lines)


def measure(run: str, data: Path, repeat: int) -> dict:
    """One backend: load time, p50 per query, peak RSS of this process (MB)."""
    backend, bulk = RUNS[run]
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder, Store(folder, backend) as store:
        started, cpu = time.perf_counter(), time.process_time()
        store.load(data, bulk=bulk)
        loaded, load_cpu = time.perf_counter() - started, time.process_time() - cpu
        latencies = {path.stem: p50(store, path.read_text(encoding="utf-8"), repeat)
                     for path in sorted(QUERIES.glob("*.rq"))}
        triples = store.triple_count()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"run": run, "load": loaded, "load_cpu": load_cpu, "triples": triples, "rss": peak, "queries": latencies}


class Overtime(BaseException):  # not an Exception: kg.query reports those as the query's errors
    pass


def stop_overtime(signum, frame) -> None:
    raise Overtime


def p50(store: Store, sparql: str, repeat: int) -> float | None:
    """The median time of ``repeat`` runs, or of fewer once they have taken BUDGET seconds.

    None when one run takes longer than BUDGET: an alarm stops rdflib's engine (pure Python);
    Oxigraph's never gets near it.
    """
    times: list[float] = []
    signal.signal(signal.SIGALRM, stop_overtime)
    while len(times) < repeat and sum(times) < BUDGET:
        signal.setitimer(signal.ITIMER_REAL, BUDGET)
        started = time.perf_counter()
        try:
            query(store, sparql)  # the result is evaluated inside: kg.query forces lazy solutions
        except Overtime:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(results: list[dict]) -> None:
    print(f"{'':28}" + "".join(f"{r['run']:>18}" for r in results))
    rows = [("triples", "{:18,d}", "triples"), ("load (s)", "{:18.2f}", "load"),
            ("load, CPU time (s)", "{:18.2f}", "load_cpu"), ("peak RSS (MB)", "{:18.0f}", "rss")]
    for label, cell, key in rows:
        print(f"{label:28}" + "".join(cell.format(r[key]) for r in results))
    overtime = f"> {BUDGET:.0f}"
    for name in results[0]["queries"]:
        print(f"{'p50 ' + name + ' (s)':28}" + "".join(
            f"{overtime:>18}" if r["queries"][name] is None else f"{r['queries'][name]:18.3f}" for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3300)
    parser.add_argument("--statements", type=int, default=15, help="statements per article")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (the median is shown)")
    parser.add_argument("--run", choices=RUNS, help=argparse.SUPPRESS)  # one backend, in a child process
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(measure(args.run, args.data, args.repeat)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        data = Path(folder) / "synthetic.nq"
        started = time.perf_counter()
        quads = generate(data, args.articles, args.statements)
        print(f"{quads:,} quads ({args.articles} articles x {args.statements} statements) generated "
              f"in {time.perf_counter() - started:.1f} s, {data.stat().st_size / 1e6:.0f} MB of N-Quads")
        results = [measured(run, data, args.repeat) for run in RUNS]
    report(results)


def measured(run: str, data: Path, repeat: int) -> dict:
    """measure() in a process of its own."""
    child = subprocess.run([sys.executable, __file__, "--run", run, "--data", str(data), "--repeat", str(repeat)],
                           check=True, stdout=subprocess.PIPE, text=True)
    print(f"{run}: done", file=sys.stderr, flush=True)
    return json.loads(child.stdout)


if __name__ == "__main__":
    main()
