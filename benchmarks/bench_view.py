"""Speed of `kg view` on a synthetic store: 2,000 actors and 10,000 statements with a target by default.

    python benchmarks/bench_view.py [--actors 2000] [--statements 10000] [--keep DIR]
    python benchmarks/bench_view.py --page stores/seeds.html --screenshot docs/seeds-graph.png

Writes kg.synthetic's articles into an Oxigraph store (not timed), then times the page's
generation through kg.view.view (store -> graph -> networkx layout -> HTML), prints the file
size, and the time until headless Chromium (/usr/bin/chromium) has drawn it: from navigation
start to vis-network's first "afterDrawing" event of the final layout (window.kgDrawnAt,
performance.now() in the page). Goal: drawn within 3 s. With --page, only draws that page
(and --screenshot saves what Chromium drew).
"""
from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg import synthetic
from kg.rdf import Store
from kg.view import layout, view

STATEMENTS_PER_ARTICLE = 10


def write_synthetic(store: Store, actors: int, drawn: int) -> None:
    """kg.synthetic's articles until ``drawn`` statements have a target (the others are not drawn)."""
    cast, written = synthetic.cast(actors), 0
    for index in itertools.count():
        article, linked = synthetic.article(index, STATEMENTS_PER_ARTICLE, cast)
        targeted = [statement for statement in linked if statement.target][:drawn - written]
        store.write_article(article, targeted + [statement for statement in linked if not statement.target])
        written += len(targeted)
        if written == drawn:
            return


def draw(page_path: Path, screenshot: Path | None = None) -> None:
    """Print how long headless Chromium takes to draw the page, and what it drew; save a screenshot."""
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("window.kgDrawnAt !== undefined", timeout=120_000)
        drawn, nodes, edges = page.evaluate(
            "[window.kgDrawnAt, network.body.data.nodes.length, network.body.data.edges.length]")
        if screenshot:
            page.screenshot(path=screenshot)
        browser.close()
    print(f"headless Chromium: {nodes} nodes and {edges} edges drawn {drawn / 1000:.2f} s after navigation start"
          " (goal 3 s)")


def generate(args: argparse.Namespace) -> Path:
    """The page of a synthetic store of ``args.statements``, timed; returns its path."""
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_view_"))
    started = time.perf_counter()
    with Store(folder / "store") as store:
        write_synthetic(store, args.actors, args.statements)
        print(f"synthetic store written in {time.perf_counter() - started:.1f} s (not timed)")
        started = time.perf_counter()
        graph = view(store, folder / "graph.html")
    generated = time.perf_counter() - started
    started = time.perf_counter()
    layout(graph)
    page = folder / "graph.html"
    print(f"kg view: {graph.number_of_nodes()} actors, {graph.number_of_edges()} statements drawn "
          f"({graph.graph['untargeted']} more without a target), generated in {generated:.1f} s "
          f"(networkx layout {time.perf_counter() - started:.1f} s of it), {page.stat().st_size / 1e6:.1f} MB")
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="Write the store and page here instead of a temporary folder.")
    parser.add_argument("--page", type=Path, help="Draw this page (from kg view) instead of a synthetic one.")
    parser.add_argument("--screenshot", type=Path, help="Save what Chromium drew as this PNG.")
    args = parser.parse_args()
    draw(args.page or generate(args), args.screenshot)


if __name__ == "__main__":
    main()
