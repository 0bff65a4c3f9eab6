"""The statements of a store as one self-contained HTML page to read them in.

The page (kg/templates/view.html) holds vis-network's JavaScript, inlined from the pyvis package,
and what it draws as one JSON blob (:func:`page_data`), which a small script turns into the
network, the side panel and the filters with DOM text nodes only: nothing is fetched and no
article text is ever parsed as HTML. Actors are shaped and coloured by kind and sized by their
statements; an arrow holds the statements of one speaker, target and type, its colour the
type's family (from the ontology), its width their number. A statement without a target has no
arrow: it is read in its speaker's panel, and an actor without arrows is found by the search box.
Up to ``layout_above`` actors drawn, vis-network's physics lays the graph out in the browser;
above, networkx does it here.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from kg.files import atomic_writer
from kg.graph import GraphFilter, Selected, rule_attribute, select
from kg.ontology import ROLES, actor_kinds, rules, statement_types
from kg.rdf import Store

HEADING = "Who said what about whom"
FAMILY_COLOURS = {"cooperative": "#2a9d4b", "conflictual": "#d1495b", "neutral": "#8a94a6"}
OTHER_FAMILY_COLOUR = "#c08a2d"  # a family the ontology may add later
# vis-network's shape and a colour for each kind of actor; none of the colours is an arrow's.
KIND_STYLES = {"Person": ("dot", "#f28e2b"), "State": ("square", "#4e79a7"),
               "GovernmentBody": ("diamond", "#b07aa1"), "Organisation": ("triangle", "#9c755f")}
OTHER_KIND_STYLE = ("dot", "#bab0ac")  # a kind the ontology may add later
STATEMENT_FIELDS = ("claim", "sentence", "date", "outlet", "title", "doc", "url")  # edge attributes the panel shows
LAYOUT_ABOVE = 300  # actors; vis-network's physics gets slow to settle beyond a few hundred
LAYOUT_SEED = 7
# Each round of the layout costs O(actors²) time and memory (2,000 actors: 0.25 GB).
LAYOUT_ROUNDS = 20
VIS_NETWORK = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"


def view(store: Store, output: Path, selection: GraphFilter = GraphFilter(), english: bool = False) -> dict:
    """Write the page of the statements ``selection`` keeps to ``output``; returns its data (:func:`page_data`)."""
    data = page_data(select(store, selection))
    with atomic_writer(output) as stream:
        stream.write(render(data, english))
    return data


def render(data: dict, english: bool = False) -> str:
    """The HTML page of ``data`` (from :func:`page_data`), its labels in English or Arabic first."""
    environment = Environment(loader=PackageLoader("kg", "templates"), autoescape=True)
    # Arabic as it is, not \\u escapes: a third of the size; tojson still escapes < > & '.
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    return environment.get_template("view.html").render(
        heading=HEADING, english=english, data=data, legend=legend(data["statements"]),
        vis_network=Markup(VIS_NETWORK.read_text(encoding="utf-8")))


def page_data(selected: Selected, layout_above: int = LAYOUT_ABOVE) -> dict:
    """What the page shows, ready for JSON.

    ``statements`` in article order; ``actors``, those they name, most statements first (the order
    the page labels them in); ``arrows``, each with the indices of its statements; the ``kinds``
    and ``types`` they use; the articles' ``dates``; vis-network's ``options``. Only the actors with
    an arrow are drawn (the others are found by the search box); above ``layout_above`` of them,
    each actor has its ``x`` and ``y``.
    """
    statements = [statement_record(*statement) for statement in selected.statements]
    actors = actor_records(selected.actors, statements)
    arrows = arrow_records(statements)
    drawn = links(arrows)
    physics = 0 < drawn.number_of_nodes() <= layout_above  # vis-network never reports an empty graph settled
    if not physics:
        positions = layout(drawn)
        for actor in actors:
            actor["x"], actor["y"] = positions.get(actor["id"], (0.0, 0.0))
    return {"actors": actors, "arrows": arrows, "statements": statements,
            "kinds": kind_records(actor["kind"] for actor in actors),
            "types": type_records(statement["type"] for statement in statements),
            "dates": sorted({statement["date"] for statement in statements if statement["date"]}),
            "options": vis_options(physics)}


def statement_record(speaker: str, target: str | None, edge: dict) -> dict:
    return {"id": edge["statement"], "speaker": speaker, "target": target, "type": edge["type"],
            **{name: edge.get(name) for name in STATEMENT_FIELDS}, "found": found_by(edge)}


def actor_records(actors: dict[str, dict], statements: list[dict]) -> list[dict]:
    """The actors ``statements`` name, each with how many of them it speaks or is the target of."""
    counts = Counter(actor for statement in statements  # a dict, not a set: ties stay in article order
                     for actor in dict.fromkeys((statement["speaker"], statement["target"])) if actor)
    return [{"id": actor, "label_en": actors[actor]["label"], "label_ar": actors[actor]["label_ar"],
             "kind": actors[actor]["type"], "statements": count} for actor, count in counts.most_common()]


def arrow_records(statements: list[dict]) -> list[dict]:
    """One arrow per speaker, target and type, with its statements' indices in ``statements``."""
    held: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, statement in enumerate(statements):
        if statement["target"]:
            held[statement["speaker"], statement["target"], statement["type"]].append(index)
    return [{"from": speaker, "to": target, "type": kind, "statements": indices, "smooth": curve}
            for ((speaker, target, kind), indices), curve in zip(held.items(), parallel_curves(held))]


def parallel_curves(arrows: Iterable[tuple[str, str, str]]) -> Iterator[dict]:
    """vis-network's ``smooth`` of each arrow: straight, or bent apart from the others between the same two actors."""
    seen: Counter = Counter()
    for speaker, target, _ in arrows:
        pair = frozenset((speaker, target))
        rank, seen[pair] = seen[pair], seen[pair] + 1
        side = "curvedCW" if rank % 2 else "curvedCCW"
        yield {"enabled": rank > 0, "type": side, "roundness": 0.2 * math.ceil(rank / 2)}


def links(arrows: list[dict]) -> nx.Graph:
    """The actors drawn, those with an arrow, linked by the number of statements between them."""
    graph = nx.Graph()
    for arrow in arrows:
        weight = graph.get_edge_data(arrow["from"], arrow["to"], {}).get("weight", 0)
        graph.add_edge(arrow["from"], arrow["to"], weight=weight + len(arrow["statements"]))
    return graph


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Fixed x, y pixels of every actor, from a ForceAtlas2 layout of ``graph`` (from :func:`links`),
    vis-network's own solver: numpy alone, where networkx's spring layout needs scipy from 500 actors."""
    spread = 40 * math.sqrt(graph.number_of_nodes())  # pixels, so that node density stays readable
    positions = nx.forceatlas2_layout(graph, max_iter=LAYOUT_ROUNDS, weight="weight", seed=LAYOUT_SEED)
    return {actor: (float(x), float(y)) for actor, (x, y) in nx.rescale_layout_dict(positions, spread).items()}


def family_colour(family: str) -> str:
    return FAMILY_COLOURS.get(family, OTHER_FAMILY_COLOUR)


def kind_records(kinds: Iterable[str]) -> dict[str, dict]:
    """The kinds of actor drawn, in the legend's order, with their labels, shape and colour."""
    drawn = set(kinds)
    return {kind: kind_record(kind) for kind in [*(kind for kind in KIND_STYLES if kind in drawn),
                                                 *sorted(drawn - KIND_STYLES.keys())]}


def kind_record(kind: str) -> dict:
    shape, colour = KIND_STYLES.get(kind, OTHER_KIND_STYLE)
    known = actor_kinds().get(kind)
    # A store from another version of the ontology may name a kind this one lacks: show its id.
    label_en, label_ar = (known.label_en, known.label_ar) if known else (kind, kind)
    return {"label_en": label_en, "label_ar": label_ar, "shape": shape, "colour": colour}


def type_records(types: Iterable[str]) -> dict[str, dict]:
    """The statement types used, with their labels, family and colour."""
    used = set(types)
    return {kind.id: {"label_en": kind.label_en, "label_ar": kind.label_ar, "family": kind.family,
                      "colour": family_colour(kind.family)} for kind in statement_types().values() if kind.id in used}


def found_by(data: dict) -> str:
    """One line per rule that found a part of the statement: "speaker: the verb's subject"."""
    known = rules()
    found = (data.get(rule_attribute(role)) for role in ROLES)
    # A store from another version of the ontology may name a rule this one lacks: show its id.
    return "\n".join(f"{role}: {known[rule_id].label if rule_id in known else rule_id}"
                     for role, rule_id in zip(ROLES, found) if rule_id)


def vis_options(physics: bool) -> dict:
    large = not physics  # drags and zooms leave its many edges out until they end
    return {
        "physics": {"enabled": physics, "solver": "forceAtlas2Based", "stabilization": {"iterations": 200}},
        "layout": {"randomSeed": LAYOUT_SEED},  # the same page draws the same picture
        "nodes": {"scaling": {"min": 8, "max": 36}, "borderWidth": 1},  # the page draws the labels itself
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
    }


def legend(statements: list[dict]) -> list[dict]:
    """The families of the types used, each with its colour and its types (the in-page filter)."""
    counts = Counter(statement["type"] for statement in statements)
    families: dict[str, list] = {}
    for kind in statement_types().values():
        if counts[kind.id]:
            families.setdefault(kind.family, []).append(
                {"id": kind.id, "label_en": kind.label_en, "label_ar": kind.label_ar, "count": counts[kind.id]})
    return [{"name": name, "colour": family_colour(name), "types": types} for name, types in sorted(families.items())]
