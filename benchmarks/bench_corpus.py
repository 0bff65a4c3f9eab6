"""Corpus-scale build speed: a sample of the news corpus built serially, with 2 local worker
processes and on a 2-worker Dask LocalCluster; then re-extraction from the parse cache, and the
full corpus's time extrapolated, on one machine and on N machines of a Dask cluster.

    python benchmarks/bench_corpus.py --corpus ../shared/data/news/arabic_news.jsonl.xz --articles 2000

Each configuration runs in a fresh process (models load inside the measured time) on a fresh store;
peak RSS is the sum over the build's process tree (and the cluster's), sampled every 0.2 s.
"""
from __future__ import annotations

import argparse
import json
import lzma
import math
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

CONFIGS = ("serial", "workers2", "dask2", "reextract")
CORPUS_ARTICLES = 59_981
TARGET_SECONDS = 3600
MACHINE_CORES = 8  # a commodity machine
STATEMENTS_PER_ARTICLE = 3  # 654 in the 200-article sample


def write_sample(corpus: Path, count: int, path: Path) -> None:
    """Every k-th line of the corpus, so that the sample spans its outlets and years."""
    step = max(CORPUS_ARTICLES // count, 1)
    with lzma.open(corpus, "rb") as lines, open(path, "wb") as sample:
        for number, line in enumerate(lines):
            if number % step == 0 and number // step < count:
                sample.write(line)


def run_build(args: argparse.Namespace) -> None:
    """One configuration, in this (fresh) process: the build report as JSON on stdout, with the time
    and counts at the first article stored, after which the rate is steady (models loaded)."""
    import torch

    from kg.build import build

    # One torch thread, as in each worker: on 2 cores a second thread gives little when idle (12.4 vs
    # 10.9 sentences/s) and costs much when anything else runs (4.6 vs 14.7 sentences/s).
    torch.set_num_threads(1)
    started, first = time.perf_counter(), {}

    def on_progress(report) -> None:
        if report.built and not first:
            first.update(seconds=time.perf_counter() - started, built=report.built, sentences=report.sentences)

    report = build([args.sample] if args.config != "reextract" else [], args.store, workers=args.workers,
                   dask=args.dask, reextract=args.config == "reextract", on_progress=on_progress)
    print(json.dumps({"seconds": time.perf_counter() - started, "built": report.built,
                      "sentences": report.sentences, "statements": report.statements,
                      "errors": len(report.errors), "claims": report.claims, "first": first}))


def steady_rate(report: dict) -> float:
    """Sentences/s after the first article was stored: without loading models and starting workers."""
    first = report["first"]
    return (report["sentences"] - first["sentences"]) / (report["seconds"] - first["seconds"])


def tree_rss(roots: list[psutil.Process]) -> int:
    total = 0
    for root in roots:
        try:
            total += sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
        except psutil.NoSuchProcess:
            continue
    return total


def measure(command: list[str], extra_roots: list[psutil.Process]) -> tuple[dict, float]:
    """The child's JSON report and the peak RSS (MB) of its process tree plus ``extra_roots``."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak, root = 0, psutil.Process(child.pid)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, tree_rss([root, *extra_roots]))

    sampler = threading.Thread(target=sample)
    sampler.start()
    output = child.communicate()[0]
    done.set()
    sampler.join()
    if child.returncode:
        sys.exit(f"{' '.join(command)} failed ({child.returncode})")
    return json.loads(output.strip().splitlines()[-1]), peak / 1e6


def run_config(name: str, args: argparse.Namespace, store: Path) -> dict:
    command = [sys.executable, __file__, "--run", name, "--sample", str(args.work / "sample.jsonl"),
               "--store", str(store)]
    if name == "workers2":
        command += ["--workers", "2"]
    if name != "dask2":
        return dict(zip(("report", "rss"), measure(command, [])))
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        roots = [psutil.Process()]  # the scheduler lives here, the workers are its children
        return dict(zip(("report", "rss"), measure(command + ["--dask", cluster.scheduler_address], roots)))


def print_row(name: str, result: dict) -> None:
    r, seconds = result["report"], result["report"]["seconds"]
    print(f"{name:10} {r['built']:5d} articles {r['sentences']:6d} sentences {r['statements']:5d} statements "
          f"{seconds:7.1f} s {r['built'] / seconds:6.2f} articles/s {r['sentences'] / seconds:6.1f} sentences/s "
          f"(steady {steady_rate(r):5.1f}, first article at {r['first']['seconds']:4.1f} s) "
          f"peak RSS {result['rss']:5.0f} MB", flush=True)


def extrapolate(results: dict) -> None:
    serial = results["serial"]["report"]
    per_article = serial["sentences"] / serial["built"]
    corpus = per_article * CORPUS_ARTICLES
    print(f"\nfull corpus: {CORPUS_ARTICLES:,} articles x {per_article:.1f} sentences/article (sample) "
          f"= {corpus:,.0f} sentences; at the steady rate:")
    for name in ("serial", "workers2", "dask2", "reextract"):
        if name in results:
            print(f"  {name:10} {corpus / steady_rate(results[name]['report']) / 3600:6.2f} h")
    if "dask2" in results:
        per_core = steady_rate(results["dask2"]["report"]) / 2  # two one-thread workers, one core each
        machines = math.ceil(corpus / (TARGET_SECONDS * per_core * MACHINE_CORES))
        print(f"  Dask at {per_core:.1f} sentences/s per worker core: N machines of {MACHINE_CORES} cores take "
              f"{corpus / (per_core * MACHINE_CORES) / 3600:.2f} h / N; 1 h or less from N = {machines}")


def bench_writer(count: int, statements: int, folder: Path) -> None:
    """The single writer alone: ``count`` synthetic articles stored one update each, then the
    corroboration pass over them (what ends every build)."""
    from kg import synthetic
    from kg.corroborate import corroborate
    from kg.rdf import Store

    actors = synthetic.cast()
    articles = [synthetic.article(index, statements, actors) for index in range(count)]
    with Store(folder / "writer") as store:
        started = time.perf_counter()
        for article, linked in articles:
            store.write_article(article, linked)
        written = time.perf_counter() - started
        started = time.perf_counter()
        claims = corroborate(store)
        grouping = time.perf_counter() - started
    print(f"writer     {count} synthetic articles x {statements} statements: {count / written:.0f} articles/s "
          f"stored; corroboration {grouping:.1f} s ({claims} claims)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/data/news/arabic_news.jsonl.xz"))
    parser.add_argument("--articles", type=int, default=2000, help="sample size (default 2000)")
    parser.add_argument("--work", type=Path, default=Path("work/bench-corpus"))
    parser.add_argument("--configs", default="serial,workers2,dask2,reextract")
    parser.add_argument("--writer", type=int, default=10_000, help="synthetic articles for the writer (0: skip)")
    parser.add_argument("--run", choices=CONFIGS, help=argparse.SUPPRESS)  # one configuration, in a child
    parser.add_argument("--sample", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--dask", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        args.config = args.run
        return run_build(args)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    write_sample(args.corpus, args.articles, args.work / "sample.jsonl")
    results = {}
    for name in filter(None, args.configs.split(",")):
        # re-extraction runs over the serial build's store: every parse is cached there
        store = args.work / ("serial" if name == "reextract" else name)
        results[name] = run_config(name, args, store)
        print_row(name, results[name])
    if "serial" in results:
        extrapolate(results)
    if args.writer:
        bench_writer(args.writer, STATEMENTS_PER_ARTICLE, args.work)


if __name__ == "__main__":
    main()
