"""Speed of `kg view`: 2,000 synthetic actors and 10,000 statements with a target by default.

    python benchmarks/bench_view.py [--actors 2000] [--statements 10000] [--keep DIR]
    python benchmarks/bench_view.py --store stores/news
    python benchmarks/bench_view.py --page stores/seeds.html --screenshot docs/seeds-graph.png --read sergey_lavrov

Without --store, writes kg.synthetic's articles into an Oxigraph store (not timed). Times the
page's generation in kg.view's three steps (the store query, the page's data with the networkx
layout above 300 actors, the HTML), prints the file size, then the time until headless Chromium
(/usr/bin/chromium) has drawn it: from navigation start to vis-network's first "afterDrawing"
event of the final layout (window.kgDrawnAt, performance.now() in the page). Goal: drawn within
3 s. Then how long the page takes to apply a filter (its refresh()) and to redraw one frame with
its labels. With --page, only draws that page (and --screenshot saves what Chromium drew, with
the statements of the actor --read in the side panel).
"""
from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg import synthetic
from kg.graph import select
from kg.rdf import Store
from kg.view import page_data, render

STATEMENTS_PER_ARTICLE = 10
# ms that one filter change and one redrawn frame take, measured in the page: the mean of ROUNDS.
ROUNDS = 5
TIME_IN_PAGE = """([call, rounds]) => {
  const started = performance.now();
  for (let round = 0; round < rounds; round++) call === "refresh" ? refresh() : network.redraw();
  return (performance.now() - started) / rounds;
}"""


def write_synthetic(store: Store, actors: int, drawn: int) -> None:
    """kg.synthetic's articles until ``drawn`` statements have a target."""
    cast, written = synthetic.cast(actors), 0
    for index in itertools.count():
        article, linked = synthetic.article(index, STATEMENTS_PER_ARTICLE, cast)
        targeted = [statement for statement in linked if statement.target][:drawn - written]
        store.write_article(article, targeted + [statement for statement in linked if not statement.target])
        written += len(targeted)
        if written == drawn:
            return


def draw(page_path: Path, screenshot: Path | None = None, reading: str | None = None) -> None:
    """Print how long headless Chromium takes to draw the page, and what it drew; save a screenshot,
    with the statements of the actor ``reading`` in the side panel."""
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("window.kgDrawnAt !== undefined", timeout=120_000)
        drawn, nodes, edges, labels = page.evaluate(
            "[window.kgDrawnAt, network.body.data.nodes.length, network.body.data.edges.length, kgLabels.length]")
        if reading:
            page.evaluate("id => { network.selectNodes([id]); read(() => actorReading(id)); }", reading)
        if screenshot:
            page.screenshot(path=screenshot)
        refresh, frame = (page.evaluate(TIME_IN_PAGE, [call, ROUNDS]) for call in ("refresh", "redraw"))
        browser.close()
    print(f"headless Chromium: {nodes} actors ({labels} labelled) and {edges} arrows drawn {drawn / 1000:.2f} s "
          f"after navigation start (goal 3 s); a filter change takes {refresh:.0f} ms, a frame {frame:.0f} ms")


def generate(store_path: Path, page: Path) -> Path:
    """The page of the store at ``store_path``, timed step by step; returns its path."""
    with Store(store_path) as store:
        started = time.perf_counter()
        selected = select(store)
    queried = time.perf_counter()
    data = page_data(selected)
    laid_out = time.perf_counter()
    page.write_text(render(data), encoding="utf-8")
    written = time.perf_counter()
    untargeted = sum(1 for statement in data["statements"] if not statement["target"])
    print(f"kg view: {len(data['actors'])} actors, {len(data['statements'])} statements ({untargeted} without a "
          f"target), {len(data['arrows'])} arrows; generated in {written - started:.1f} s (store query "
          f"{queried - started:.1f} s, data and layout {laid_out - queried:.1f} s, HTML {written - laid_out:.1f} s), "
          f"{page.stat().st_size / 1e6:.1f} MB")
    return page


def synthetic_store(args: argparse.Namespace, folder: Path) -> Path:
    started = time.perf_counter()
    with Store(folder / "store") as store:
        write_synthetic(store, args.actors, args.statements)
    print(f"synthetic store of {args.actors} actors written in {time.perf_counter() - started:.1f} s (not timed)")
    return folder / "store"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--statements", type=int, default=10_000, help="Synthetic statements with a target.")
    parser.add_argument("--keep", type=Path, help="Write the synthetic store and page here, not in a temporary folder.")
    parser.add_argument("--store", type=Path, help="Time the page of this store instead of a synthetic one.")
    parser.add_argument("--page", type=Path, help="Draw this page (from kg view) instead of a synthetic one.")
    parser.add_argument("--screenshot", type=Path, help="Save what Chromium drew as this PNG.")
    parser.add_argument("--read", metavar="ACTOR", help="An actor's id: show its statements in the side panel.")
    args = parser.parse_args()
    if not args.page:
        folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_view_"))
        folder.mkdir(parents=True, exist_ok=True)
        args.page = generate(args.store or synthetic_store(args, folder), folder / "graph.html")
    draw(args.page, args.screenshot, args.read)


if __name__ == "__main__":
    main()
