"""kg.view: the HTML page, checked as data, as text and in a real browser (Debian's Chromium; nothing is downloaded)."""
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from conftest import HOSTILE, SMALL_ARTICLES, kg, small_article
from kg.graph import GraphFilter, select
from kg.rdf import Store
from kg.view import FAMILY_COLOURS, KIND_STYLES, VIS_NETWORK, page_data, render, view

CHROMIUM = Path("/usr/bin/chromium")
# The small store's articles get an address each: one on the web, one that would run script, none.
ADDRESSES = {"a1": "https://example.org/a1?q='x'&y=1", "a2": "javascript:alert(2)"}
# The page coordinates of the midpoint of the straight arrow farthest from every actor, and its id.
ARROW_MIDPOINT = """() => {
  const positions = network.getPositions(), box = container.getBoundingClientRect();
  const clearance = point => Math.min(...Object.values(positions).map(node => Math.hypot(node.x - point.x, node.y - point.y)));
  const midpoints = shownEdges.get({filter: edge => !edge.smooth.enabled}).map(edge => ({id: edge.id,
    x: (positions[edge.from].x + positions[edge.to].x) / 2, y: (positions[edge.from].y + positions[edge.to].y) / 2}));
  const clearest = midpoints.reduce((a, b) => clearance(a) >= clearance(b) ? a : b);
  const onScreen = network.canvasToDOM(clearest);
  // another arrow may cross the midpoint: the one vis-network finds there is the one hovered or clicked
  return {id: network.getEdgeAt(onScreen) ?? clearest.id, x: box.left + onScreen.x, y: box.top + onScreen.y};
}"""
ACTOR_POSITION = """id => {
  const box = container.getBoundingClientRect(), onScreen = network.canvasToDOM(network.getPositions([id])[id]);
  return {x: box.left + onScreen.x, y: box.top + onScreen.y};
}"""
PANEL = """entries => entries.map(entry => ({
  type: entry.querySelector(".type").textContent, who: entry.querySelector(".who").textContent,
  claim: entry.querySelector(".claim").textContent, sentence: entry.querySelector(".sentence").textContent,
  where: entry.querySelector(".where").textContent, address: entry.querySelector(".address")?.textContent,
  link: entry.querySelector(".address a")?.getAttribute("href")}))"""


@pytest.fixture(scope="module")
def addressed_store(tmp_path_factory) -> Path:
    """The small store (conftest), its articles with ADDRESSES."""
    path = tmp_path_factory.mktemp("addressed") / "store"
    with Store(path) as store:
        for doc, day, rows in SMALL_ARTICLES:
            article, statements = small_article(doc, day, rows)
            store.write_article(replace(article, url=ADDRESSES.get(doc)), statements)
    return path


def data_of(store_path: Path, layout_above: int = 300, **selection) -> dict:
    with Store(store_path) as store:
        return page_data(select(store, GraphFilter(**selection)), layout_above)


def about(statements: list[dict], actor: str) -> list[dict]:
    return [statement for statement in statements if actor in (statement["speaker"], statement["target"])]


# ---------------------------------------------------------------- the page's data

def test_one_arrow_per_speaker_target_and_type_holding_its_statements(seeds_store):
    data = data_of(seeds_store)
    statements, arrows = data["statements"], data["arrows"]
    targeted = [statement for statement in statements if statement["target"]]
    assert len(arrows) == len({(s["speaker"], s["target"], s["type"]) for s in targeted}) < len(targeted)
    assert sorted(index for arrow in arrows for index in arrow["statements"]) == [
        index for index, statement in enumerate(statements) if statement["target"]]
    for arrow in arrows:
        assert {(statements[i]["speaker"], statements[i]["target"], statements[i]["type"]) for i in arrow["statements"]} \
            == {(arrow["from"], arrow["to"], arrow["type"])}


def test_statements_without_a_target_are_in_the_page_with_their_speakers(seeds_store):
    data = data_of(seeds_store)
    untargeted = [statement for statement in data["statements"] if not statement["target"]]
    with Store(seeds_store) as store:
        assert len(untargeted) == sum(1 for statement in store.statements() if not statement["target"]) > 0
    assert {statement["speaker"] for statement in untargeted} <= {actor["id"] for actor in data["actors"]}


def test_actors_most_named_first_with_their_kind(addressed_store):
    actors = data_of(addressed_store)["actors"]
    assert [(actor["id"], actor["statements"]) for actor in actors] == [
        ("sergey_lavrov", 3), ("united_states", 3), ("russia", 2), ("obrien", 1)]
    assert (actors[-1]["label_en"], actors[-1]["label_ar"], actors[-1]["kind"]) == ("O'Brien & <Co>", "أوبراين", "Person")


def test_kinds_have_their_own_shapes_and_colours_and_ontology_labels(addressed_store):
    kinds = data_of(addressed_store)["kinds"]
    assert kinds == {"Person": {"label_en": "person", "label_ar": "شخص", "shape": "dot", "colour": KIND_STYLES["Person"][1]},
                     "State": {"label_en": "state", "label_ar": "دولة", "shape": "square", "colour": KIND_STYLES["State"][1]}}
    shapes, colours = zip(*KIND_STYLES.values())
    assert len(set(shapes)) == len(set(colours)) == 4 and not set(colours) & set(FAMILY_COLOURS.values())


def test_statements_carry_what_the_panel_shows(addressed_store):
    statements = data_of(addressed_store)["statements"]
    assert [(s["speaker"], s["type"], s["target"], s["date"], s["url"]) for s in statements] == [
        ("sergey_lavrov", "appeal", "united_states", "2024-01-10", ADDRESSES["a1"]),
        ("sergey_lavrov", "assert", None, "2024-01-10", ADDRESSES["a1"]),
        ("russia", "criticize", "obrien", "2024-03-05", ADDRESSES["a2"]),
        ("united_states", "consult", "russia", "2024-03-05", ADDRESSES["a2"]),
        ("united_states", "warn", "sergey_lavrov", None, None)]
    assert {(s["claim"][:len(HOSTILE)], s["sentence"][-len(HOSTILE):], s["title"], s["outlet"]) for s in statements} \
        == {(HOSTILE, HOSTILE, HOSTILE, f"Agence {HOSTILE}")}
    assert statements[1]["found"] == "predicate: a trigger lemma\nspeaker: the previous speaker\nclaim: the content clause"


def test_dates_are_the_dated_articles(addressed_store, seeds_store):
    assert data_of(addressed_store)["dates"] == ["2024-01-10", "2024-03-05"]
    assert data_of(seeds_store)["dates"] == []


@pytest.mark.parametrize("layout_above, fixed", [(3, True), (4, False)])
def test_large_graphs_get_a_networkx_layout_and_no_physics(addressed_store, layout_above, fixed):
    data = data_of(addressed_store, layout_above)  # 4 actors
    assert data["options"]["physics"]["enabled"] is not fixed
    assert all(("x" in actor and "y" in actor) is fixed for actor in data["actors"])


def test_an_empty_page_needs_no_physics(addressed_store):
    data = data_of(addressed_store, since="2030-01-01")
    assert data["actors"] == data["statements"] == [] and data["options"]["physics"]["enabled"] is False


# ---------------------------------------------------------------- the page as text

def test_the_page_fetches_nothing(addressed_store):
    html = render(data_of(addressed_store))
    vis_network = VIS_NETWORK.read_text(encoding="utf-8")
    assert vis_network in html
    ours = re.sub(r'<script type="application/json" id="page-data">.*?</script>', "", html.replace(vis_network, ""),
                  flags=re.DOTALL)  # the data holds the articles' addresses
    assert not re.search(r"\b(src|href)\s*=\s*[\"']|<link|@import|url\(|://", ours)
    assert ours.count("<script") == 2  # vis-network's and the page's own


def test_article_text_cannot_close_the_script(addressed_store):
    html = render(data_of(addressed_store))
    assert "alert(1)" in html and "<script>alert" not in html and "</script> " not in html
    assert html.count("</script>") == 3
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\\"quoted\\\" \\u0027single\\u0027 \\u0026 more" in html
    assert '"O\\u0027Brien \\u0026 \\u003cCo\\u003e"' in html


def test_kg_view_prints_the_page_it_wrote(addressed_store, tmp_path):
    page = tmp_path / "small.html"
    shown = kg("view", "--store", addressed_store, "-o", page, "--type", "warn", "--type", "appeal", "--english")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == f"{page}: 2 actors, 2 statements (2 arrows)\n"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    shown = kg("view", "--store", addressed_store, "-o", page)
    assert shown.stdout == f"{page}: 4 actors, 5 statements (4 arrows, 1 without a target)\n"


@pytest.mark.parametrize("option, message", [
    (("--actor", "Atlantis"), "error: unknown actor 'Atlantis'"),
    (("--type", "gossip"), "error: unknown statement type 'gossip'"),
])
def test_kg_view_refuses_unknown_names_in_one_line(addressed_store, tmp_path, option, message):
    shown = kg("view", "--store", addressed_store, "-o", tmp_path / "x.html", *option)
    assert shown.returncode == 1 and shown.stderr.startswith(message) and shown.stderr.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


# ---------------------------------------------------------------- the page in Chromium

@dataclass
class Visit:
    """A page opened in Chromium, with everything it asked for and complained about."""

    page: object
    data: dict
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def drawn(self, what: str):
        return self.page.evaluate(f"network.body.data.{what}")

    def reload(self) -> None:
        self.page.reload()
        self.page.wait_for_function("window.kgDrawnAt !== undefined")

    def hover_an_arrow(self) -> tuple[int, str]:
        """Move the mouse onto an arrow, as a reader would; returns its index and the tooltip's text."""
        arrow = self.page.evaluate(ARROW_MIDPOINT)
        self.page.mouse.move(0, 0)  # an earlier test's tooltip goes first
        self.page.wait_for_function("document.querySelector('.vis-tooltip')?.style.visibility !== 'visible'")
        self.page.mouse.move(arrow["x"] - 4, arrow["y"])
        self.page.mouse.move(arrow["x"], arrow["y"], steps=4)
        self.page.wait_for_function("document.querySelector('.vis-tooltip')?.style.visibility === 'visible'")
        return arrow["id"], self.page.inner_text(".vis-tooltip")

    def click_an_arrow(self) -> int:
        arrow = self.page.evaluate(ARROW_MIDPOINT)
        self.page.mouse.click(arrow["x"], arrow["y"])
        return arrow["id"]

    def click_actor(self, actor: str) -> None:
        where = self.page.evaluate(ACTOR_POSITION, actor)
        self.page.mouse.click(where["x"], where["y"])

    def panel(self, heading: str) -> list[dict]:
        """The statements the side panel shows once its heading is ``heading``."""
        self.page.wait_for_function("heading => document.querySelector('#reader h2')?.textContent === heading", arg=heading)
        return self.page.eval_on_selector_all("#reader .statement", PANEL)

    def labels(self) -> list[dict]:
        self.page.evaluate("network.redraw()")
        return self.page.evaluate("kgLabels")

    def statements(self, indices: list[int]) -> list[dict]:
        return [self.data["statements"][index] for index in indices]


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
        data = view(store, page_path)
    seen = Visit(browser.new_page(viewport={"width": 1280, "height": 800}), data)
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


@pytest.fixture
def small_page(browser, addressed_store, tmp_path):
    """The small store's page, fresh for each test: they move its filters."""
    seen = visit(browser, addressed_store, tmp_path / "small.html")
    yield seen
    seen.page.close()


def test_seeds_page_makes_no_request_and_logs_no_error(seeds_page):
    assert seeds_page.requests == [seeds_page.page.url]
    assert seeds_page.errors == []


def test_the_actors_drawn_are_those_with_an_arrow(seeds_page):
    arrows = seeds_page.data["arrows"]
    assert seeds_page.drawn("edges.length") == len(arrows) > 0
    assert sorted(seeds_page.drawn("nodes.getIds()")) == sorted({arrow[end] for arrow in arrows for end in ("from", "to")})


def test_an_actor_without_arrows_is_found_by_the_search_box(seeds_page):
    drawn = set(seeds_page.drawn("nodes.getIds()"))
    lone = [actor for actor in seeds_page.data["actors"] if actor["id"] not in drawn]
    assert lone, "the seeds have a speaker whose statements all lack a target"
    names = f"{lone[0]['label_en']} · {lone[0]['label_ar']}"
    seeds_page.page.fill("#search", lone[0]["label_ar"])
    seeds_page.page.get_by_role("button", name=names, exact=True).click()
    shown = seeds_page.panel(names)
    assert len(shown) == lone[0]["statements"] and all(entry["who"].endswith("(no target)") for entry in shown)


def test_an_arrow_is_as_wide_as_its_statements_are_many(seeds_page):
    drawn = seeds_page.page.evaluate("edges.get().map(edge => [edge.count, edge.width])")
    assert [count for count, _ in drawn] == [len(arrow["statements"]) for arrow in seeds_page.data["arrows"]]
    assert [width for _, width in sorted(drawn)] == sorted(width for _, width in drawn)
    assert len({width for _, width in drawn}) > 2


def test_hovering_an_arrow_lists_its_claims(seeds_page):
    _, tooltip = seeds_page.hover_an_arrow()
    # the arrow the tooltip names (arrows may cross where the mouse is): its speaker ← target heading
    names = {actor["id"]: actor["label_ar"] for actor in seeds_page.data["actors"]}
    heading = tooltip.split("\n")[0]
    arrows = [a for a in seeds_page.data["arrows"] if heading == f"{names[a['from']]} ← {names[a['to']]}"]
    assert arrows, tooltip
    listed = [seeds_page.statements(a["statements"]) for a in arrows]
    assert any(f"\n{len(statements)} statements · " in tooltip
               and all(statement["claim"][:60] in tooltip for statement in statements[:5]) for statements in listed)


def test_clicking_an_actor_shows_all_its_statements_even_without_a_target(seeds_page):
    seeds_page.click_actor("sergey_lavrov")
    shown = seeds_page.panel("Sergey Lavrov · سيرغي لافروف")
    expected = about(seeds_page.data["statements"], "sergey_lavrov")
    assert Counter(entry["claim"] for entry in shown) == Counter(statement["claim"] for statement in expected)
    assert sum(entry["who"].endswith("(no target)") for entry in shown) == sum(not s["target"] for s in expected) > 0
    entry, statement = shown[0], next(s for s in expected if s["claim"] == shown[0]["claim"])
    assert entry["sentence"] == statement["sentence"] and statement["doc"] in entry["where"]
    assert entry["type"].startswith(statement["type"]) and entry["address"] is None  # the seeds have no address


def test_clicking_an_arrow_shows_its_statements(seeds_page):
    arrow = seeds_page.data["arrows"][seeds_page.click_an_arrow()]
    names = {actor["id"]: actor["label_ar"] for actor in seeds_page.data["actors"]}
    shown = seeds_page.panel(f"{names[arrow['from']]} ← {names[arrow['to']]}")  # right to left
    statements = seeds_page.statements(arrow["statements"])
    assert [entry["claim"] for entry in shown] == [statement["claim"] for statement in statements]
    assert [entry["sentence"] for entry in shown] == [statement["sentence"] for statement in statements]


def test_labels_never_overlap_and_the_most_connected_come_first(seeds_page):
    seeds_page.reload()
    labels = seeds_page.labels()
    assert len(labels) >= 0.8 * len(seeds_page.data["actors"])
    for number, label in enumerate(labels):
        for other in labels[number + 1:]:
            assert (label["right"] <= other["left"] or other["right"] <= label["left"]
                    or label["bottom"] <= other["top"] or other["bottom"] <= label["top"]), (label, other)
    seeds_page.page.evaluate("network.moveTo({scale: network.getScale() / 3})")
    fewer = seeds_page.labels()
    assert len(fewer) < len(labels) / 2 and fewer[0]["id"] == seeds_page.data["actors"][0]["id"]
    # twice closer than at first, centred on an actor whose label was left out then: now there is room for it
    left_out = [i for i in seeds_page.drawn("nodes.getIds()") if i not in {label["id"] for label in labels}]
    seeds_page.page.evaluate("id => network.moveTo({position: network.getPositions([id])[id], "
                             "scale: network.getScale() * 6})", left_out[0])
    assert left_out[0] in {label["id"] for label in seeds_page.labels()}


@pytest.mark.parametrize("typed", ["lavrov", "لافروف"])
def test_the_search_box_finds_actors_by_english_or_arabic_name(seeds_page, typed):
    seeds_page.page.fill("#search", typed)
    assert seeds_page.page.inner_text("#matches").split("\n")[0] == "Sergey Lavrov · سيرغي لافروف"
    seeds_page.page.press("#search", "Enter")
    shown = seeds_page.panel("Sergey Lavrov · سيرغي لافروف")
    assert len(shown) == len(about(seeds_page.data["statements"], "sergey_lavrov"))
    assert seeds_page.page.evaluate("network.getSelectedNodes()") == ["sergey_lavrov"]
    assert seeds_page.page.inner_text("#matches") == ""


def test_the_search_ignores_hamzas_and_case(small_page):
    small_page.page.fill("#search", "اوبراين")  # أوبراين without its hamza
    small_page.page.click("#matches button")
    assert [entry["who"] for entry in small_page.panel("O'Brien & <Co> · أوبراين")] == ["روسيا ← أوبراين"]
    small_page.page.fill("#search", "O'BRIEN &")
    assert small_page.page.inner_text("#matches") == "O'Brien & <Co> · أوبراين"


def test_the_seeds_have_no_dates_and_no_slider(seeds_page):
    assert seeds_page.page.query_selector("#dates") is None


def test_the_date_slider_keeps_the_statements_of_its_range(small_page):
    page = small_page.page
    assert (page.inner_text("#since-date"), page.inner_text("#until-date")) == ("2024-01-10", "2024-03-05")
    small_page.click_actor("united_states")
    assert len(small_page.panel("United States · الولايات المتحدة")) == 3
    page.focus("#since")
    page.keyboard.press("End")  # from the last date: the until slider stays with it
    assert (page.inner_text("#since-date"), page.inner_text("#until-date")) == ("2024-03-05", "2024-03-05")
    assert small_page.drawn("edges.length") == 2 and small_page.drawn("nodes.length") == 3  # Lavrov's are gone
    assert [entry["type"] for entry in small_page.panel("United States · الولايات المتحدة")] == ["consult · تشاور"]
    assert "(2 more hidden by the filters)" in page.inner_text("#reader")
    page.keyboard.press("Home")  # the whole range again, the undated article with it
    assert small_page.drawn("edges.length") == 4 and small_page.drawn("nodes.length") == 4
    assert page.inner_text("#counts") == "4 actors (4 with arrows) · 5 statements (1 without a target) · 4 arrows"


def test_the_type_filter_hides_and_shows_arrows(small_page):
    small_page.page.uncheck(".type-filter[value=warn]")
    assert small_page.drawn("edges.length") == 3
    small_page.page.check(".type-filter[value=warn]")
    assert small_page.drawn("edges.length") == 4


def test_hostile_text_shows_as_text_and_runs_nothing(small_page):
    small_page.click_actor("sergey_lavrov")
    shown = small_page.panel("Sergey Lavrov · سيرغي لافروف")
    assert len(shown) == 3 and all(entry["claim"].startswith(HOSTILE) and entry["sentence"].endswith(HOSTILE)
                                   for entry in shown)
    assert all(entry["where"].count(HOSTILE) == 2 for entry in shown)  # the outlet and the title
    web = [entry for entry in shown if entry["address"] == ADDRESSES["a1"]]
    assert len(web) == 2 and all(entry["link"] == ADDRESSES["a1"] for entry in web)
    small_page.click_actor("obrien")
    (entry,) = small_page.panel("O'Brien & <Co> · أوبراين")
    assert entry["address"] == ADDRESSES["a2"] and entry["link"] is None  # javascript: is no link
    assert small_page.page.evaluate("document.querySelectorAll('script').length") == 3
    assert small_page.dialogs == [] and small_page.errors == [] and small_page.requests == [small_page.page.url]


def test_labels_are_arabic_until_toggled(small_page):
    def shown() -> set[str]:
        return {label["text"] for label in small_page.labels()}

    assert shown() == {"سيرغي لافروف", "الولايات المتحدة", "روسيا", "أوبراين"}
    small_page.page.click("#language")
    assert shown() == {"Sergey Lavrov", "United States", "Russia", "O'Brien & <Co>"}
    arrow, tooltip = small_page.hover_an_arrow()
    names = {actor["id"]: actor["label_en"] for actor in small_page.data["actors"]}
    speaker, target = (small_page.data["arrows"][arrow][end] for end in ("from", "to"))
    assert tooltip.split("\n")[0] == f"{names[speaker]} → {names[target]}"
