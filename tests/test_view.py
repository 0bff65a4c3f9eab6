"""kg.view: the HTML page, checked as text and in a real browser (Debian's Chromium; nothing is downloaded)."""
import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from conftest import HOSTILE, graph_of, kg
from kg.ontology import ROLES, rule, statement_type
from kg.rdf import Store
from kg.view import VIS_NETWORK, build_network, family_colour, render, statement_title, view

CHROMIUM = Path("/usr/bin/chromium")
# The page coordinates of the midpoint of the straight edge farthest from every node, and its id.
EDGE_MIDPOINT = """() => {
  const positions = network.getPositions(), box = container.getBoundingClientRect();
  const clearance = point => Math.min(...Object.values(positions).map(node => Math.hypot(node.x - point.x, node.y - point.y)));
  const midpoints = shownEdges.get({filter: edge => !edge.smooth.enabled}).map(edge => ({id: edge.id,
    x: (positions[edge.from].x + positions[edge.to].x) / 2, y: (positions[edge.from].y + positions[edge.to].y) / 2}));
  const clearest = midpoints.reduce((a, b) => clearance(a) >= clearance(b) ? a : b);
  const onScreen = network.canvasToDOM(clearest);
  return {id: clearest.id, x: box.left + onScreen.x, y: box.top + onScreen.y};
}"""


# ---------------------------------------------------------------- the page as text

def test_the_page_fetches_nothing(small_store):
    html = render(graph_of(small_store))
    vis_network = VIS_NETWORK.read_text(encoding="utf-8")
    assert vis_network in html
    ours = html.replace(vis_network, "")
    assert not re.search(r"\b(src|href)\s*=|<link|@import|url\(|://", ours)
    assert ours.count("<script") == 2  # vis-network's and the page's own


def test_article_text_cannot_close_the_script(small_store):
    html = render(graph_of(small_store))
    assert "alert(1)" in html and "<script>alert" not in html and "</script> " not in html
    assert html.count("</script>") == 2
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\\"quoted\\\" \\u0027single\\u0027 \\u0026 more" in html


def rules_found(edge: dict) -> str:
    """The tooltip's lines of the rules that found a statement (an edge of kg.graph), all four here."""
    return "\n".join(f"{role}: {rule(edge[f'{role}_rule']).label}" for role in ROLES)


def test_the_tooltip_names_the_rules_that_found_the_statement_escaped(small_store):
    graph = graph_of(small_store, types=("appeal",))
    (speaker, target, edge), = graph.edges(data=True)
    title = statement_title(graph, speaker, target, edge)
    assert rules_found(edge) in title
    assert "speaker: the verb's subject\ntarget: an object or oblique" in title
    assert "speaker: the verb\\u0027s subject" in render(graph)  # through |tojson, as all text is


def test_nodes_sized_by_degree_edges_coloured_by_family(small_store):
    graph = graph_of(small_store)
    network = build_network(graph, english=False, layout_above=300)
    assert {node["id"]: node["value"] for node in network.nodes} == dict(graph.degree())
    assert {node["label"] for node in network.nodes} == {graph.nodes[n]["label_ar"] for n in graph}
    assert {edge["type"]: edge["color"] for edge in network.edges} == {
        kind: family_colour(statement_type(kind).family) for _, _, kind in graph.edges(data="type")}
    assert len({family_colour(family) for family in ("cooperative", "conflictual", "neutral")}) == 3


@pytest.mark.parametrize("layout_above, fixed", [(3, True), (4, False)])
def test_large_graphs_get_a_networkx_layout_and_no_physics(small_store, layout_above, fixed):
    network = build_network(graph_of(small_store), english=False, layout_above=layout_above)  # 4 actors
    assert network.options["physics"]["enabled"] is not fixed
    assert all(("x" in node and "y" in node) is fixed for node in network.nodes)


def test_an_empty_graph_needs_no_physics(small_store):
    network = build_network(graph_of(small_store, since="2030-01-01"), english=False, layout_above=300)
    assert network.nodes == [] and network.options["physics"]["enabled"] is False


def test_kg_view_prints_the_page_it_wrote(small_store, tmp_path):
    page = tmp_path / "small.html"
    shown = kg("view", "--store", small_store, "-o", page, "--type", "warn", "--type", "appeal", "--english")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == f"{page}: 2 actors, 2 statements\n"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("option, message", [
    (("--actor", "Atlantis"), "error: unknown actor 'Atlantis'"),
    (("--type", "gossip"), "error: unknown statement type 'gossip'"),
])
def test_kg_view_refuses_unknown_names_in_one_line(small_store, tmp_path, option, message):
    shown = kg("view", "--store", small_store, "-o", tmp_path / "x.html", *option)
    assert shown.returncode == 1 and shown.stderr.startswith(message) and shown.stderr.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


# ---------------------------------------------------------------- the page in Chromium

@dataclass
class Visit:
    """A page opened in Chromium, with everything it asked for and complained about."""

    page: object
    graph: nx.MultiDiGraph
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def drawn(self, what: str):
        return self.page.evaluate(f"network.body.data.{what}")

    def hover_an_edge(self) -> tuple[str, str]:
        """Move the mouse onto an edge, as a reader would; returns its id and the tooltip's text."""
        edge = self.page.evaluate(EDGE_MIDPOINT)
        self.page.mouse.move(edge["x"] - 4, edge["y"])
        self.page.mouse.move(edge["x"], edge["y"], steps=4)
        self.page.wait_for_function("document.querySelector('.vis-tooltip')?.style.visibility === 'visible'")
        return edge["id"], self.page.inner_text(".vis-tooltip")

    def edge(self, statement: str) -> dict:
        return next(data for _, _, key, data in self.graph.edges(keys=True, data=True) if key == statement)

    def claim(self, statement: str) -> str:
        return self.edge(statement)["claim"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: apt-get install chromium (.ci/run does)")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the [test] extra")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def visit(browser, store_path: Path, page_path: Path) -> Visit:
    with Store(store_path) as store:
        graph = view(store, page_path)
    seen = Visit(browser.new_page(viewport={"width": 1200, "height": 800}), graph)
    seen.page.on("request", lambda request: seen.requests.append(request.url))
    seen.page.on("console", lambda message: message.type == "error" and seen.errors.append(message.text))
    seen.page.on("pageerror", lambda error: seen.errors.append(str(error)))
    seen.page.on("dialog", lambda dialog: seen.dialogs.append(dialog.message) or dialog.dismiss())
    seen.page.goto(page_path.as_uri())
    seen.page.wait_for_function("window.kgDrawnAt !== undefined")
    return seen


@pytest.fixture(scope="module")
def seeds_page(browser, seeds_store, tmp_path_factory):
    seen = visit(browser, seeds_store, tmp_path_factory.mktemp("view") / "seeds.html")
    yield seen
    seen.page.close()


@pytest.fixture(scope="module")
def small_page(browser, small_store, tmp_path_factory):
    seen = visit(browser, small_store, tmp_path_factory.mktemp("view") / "small.html")
    yield seen
    seen.page.close()


def test_seeds_page_makes_no_request_and_logs_no_error(seeds_page):
    assert seeds_page.requests == [seeds_page.page.url]
    assert seeds_page.errors == []


def test_drawn_counts_are_the_graphs(seeds_page):
    assert seeds_page.graph.number_of_edges() > 0
    assert seeds_page.drawn("nodes.length") == seeds_page.graph.number_of_nodes()
    assert seeds_page.drawn("edges.length") == seeds_page.graph.number_of_edges()


def test_hovering_an_edge_shows_its_claim(seeds_page):
    statement, tooltip = seeds_page.hover_an_edge()
    assert seeds_page.claim(statement) in tooltip


def test_hostile_text_shows_as_text_and_runs_nothing(small_page):
    statement, tooltip = small_page.hover_an_edge()
    assert small_page.claim(statement) in tooltip and tooltip.count(HOSTILE) == 3  # claim, sentence, source
    assert small_page.page.evaluate("document.querySelectorAll('script').length") == 2
    assert small_page.dialogs == [] and small_page.errors == []


def test_hovering_an_edge_shows_the_rules_that_found_it(small_page):
    statement, tooltip = small_page.hover_an_edge()
    assert rules_found(small_page.edge(statement)) in tooltip


def test_the_type_filter_hides_and_shows_edges(small_page):
    small_page.page.uncheck(".type-filter[value=warn]")
    assert small_page.drawn("edges.length") == 3
    small_page.page.check(".type-filter[value=warn]")
    assert small_page.drawn("edges.length") == 4


def test_labels_are_arabic_right_to_left_until_toggled(small_page):
    def shown() -> tuple[str, str]:
        return tuple(small_page.page.evaluate("[nodes.get('russia').label, container.dir]"))

    assert shown() == ("روسيا", "rtl")
    small_page.page.click("#language")
    assert shown() == ("Russia", "ltr")
    small_page.page.click("#language")
    assert shown() == ("روسيا", "rtl")
