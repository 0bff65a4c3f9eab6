"""The graph of who said what about whom as one interactive, self-contained HTML page.

pyvis builds the vis-network data; our template (kg/templates/view.html) inlines vis-network's
JavaScript from the pyvis package, so the page works offline and makes no request at all.
Nodes are actors sized by degree, edges are statements coloured by their type's family (from
the ontology), with the claim, sentence, the rules that found it, source and date in their tooltip. Above
``layout_above`` actors, networkx computes the layout and the browser's physics stays off.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from pyvis.network import Network

from kg.files import atomic_writer
from kg.graph import GraphFilter, aggregate, rule_attribute, statement_graph
from kg.ontology import ROLES, rules, statement_types
from kg.rdf import Store

HEADING = "Who said what about whom"
FAMILY_COLOURS = {"cooperative": "#2a9d4b", "conflictual": "#d1495b", "neutral": "#8a94a6"}
OTHER_FAMILY_COLOUR = "#c08a2d"  # a family the ontology may add later
NODE_COLOUR = {"background": "#9cc3e6", "border": "#3d6fa0"}
LAYOUT_ABOVE = 300  # actors; vis-network's physics gets slow to settle beyond a few hundred
LAYOUT_SEED = 7
# Each round of the spring layout costs O(actors²); past 20, thousands of actors look no different.
LAYOUT_ROUNDS = 20
WHERE = (("source", "outlet"), ("date", "date"), ("article", "doc"))  # tooltip's last line: label, edge attribute
VIS_NETWORK = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"


def view(store: Store, output: Path, selection: GraphFilter = GraphFilter(), english: bool = False) -> nx.MultiDiGraph:
    """Write the page of the statements ``selection`` keeps to ``output``; returns the graph drawn."""
    graph = statement_graph(store, selection)
    with atomic_writer(output) as stream:
        stream.write(render(graph, english))
    return graph


def render(graph: nx.MultiDiGraph, english: bool = False, layout_above: int = LAYOUT_ABOVE) -> str:
    """The HTML page of ``graph`` (from :func:`kg.graph.statement_graph`)."""
    network = build_network(graph, english, layout_above)
    network.templateEnv = page_environment(graph, english)
    network.path = "view.html"
    return network.generate_html()


def build_network(graph: nx.MultiDiGraph, english: bool, layout_above: int) -> Network:
    network = Network(heading=HEADING, directed=True)
    # vis-network's physics settles a small graph; it never reports an empty one settled.
    settles = 0 < graph.number_of_nodes() <= layout_above
    positions = {} if settles else layout(graph)
    for actor, data in graph.nodes(data=True):
        network.add_node(actor, label=data["label" if english else "label_ar"], label_en=data["label"],
                         label_ar=data["label_ar"], title=actor_title(data), value=graph.degree(actor),
                         color=NODE_COLOUR, **positions.get(actor, {}))
    for (speaker, target, data), curve in zip(graph.edges(data=True), parallel_curves(graph)):
        network.add_edge(speaker, target, id=data["statement"], type=data["type"], smooth=curve,
                         title=statement_title(graph, speaker, target, data), color=family_colour(data["family"]))
    network.options = vis_options(physics=settles)
    return network


def layout(graph: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """Fixed x, y pixels of every actor, from a spring layout of the weighted speaker-target graph."""
    spread = 40 * math.sqrt(graph.number_of_nodes())  # pixels, so that node density stays readable
    positions = nx.spring_layout(aggregate(graph).to_undirected(), iterations=LAYOUT_ROUNDS, seed=LAYOUT_SEED,
                                 scale=spread)
    return {actor: {"x": float(x), "y": float(y)} for actor, (x, y) in positions.items()}


def parallel_curves(graph: nx.MultiDiGraph) -> Iterator[dict]:
    """vis-network's ``smooth`` of each edge: straight, or bent apart from the others between the same two actors."""
    seen: Counter = Counter()
    for speaker, target in graph.edges():
        pair = frozenset((speaker, target))
        rank, seen[pair] = seen[pair], seen[pair] + 1
        side = "curvedCW" if rank % 2 else "curvedCCW"
        yield {"enabled": rank > 0, "type": side, "roundness": 0.2 * math.ceil(rank / 2)}


def family_colour(family: str) -> str:
    return FAMILY_COLOURS.get(family, OTHER_FAMILY_COLOUR)


def actor_title(data: dict) -> str:
    return f"{data['label']}\n{data['label_ar']}\n{data['type']}"


def statement_title(graph: nx.MultiDiGraph, speaker: str, target: str, data: dict) -> str:
    """The tooltip of a statement: plain text, which vis-network shows as text, never as HTML."""
    who = f"{graph.nodes[speaker]['label']} → {graph.nodes[target]['label']}"
    heading = f"{data['type_label']} · {data['type_label_ar']} ({data['family']})\n{who}"
    where = " · ".join(f"{name}: {data[field]}" for name, field in WHERE if data.get(field))
    return "\n\n".join(filter(None, (heading, data["claim"], data["sentence"], found_by(data), where)))


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
        "physics": {"enabled": physics, "solver": "forceAtlas2Based", "stabilization": {"iterations": 400}},
        "layout": {"randomSeed": LAYOUT_SEED},  # the same page draws the same picture
        "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40},
                  "font": {"size": 14, "background": "rgba(255, 255, 255, 0.75)"}},  # legible across edges
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "width": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
    }


def legend(graph: nx.MultiDiGraph) -> list[dict]:
    """The families of the types drawn, each with its colour and its types (the in-page filter)."""
    counts = Counter(kind for _, _, kind in graph.edges(data="type"))
    families: dict[str, list] = {}
    for kind in statement_types().values():
        if counts[kind.id]:
            families.setdefault(kind.family, []).append(
                {"id": kind.id, "label_en": kind.label_en, "label_ar": kind.label_ar, "count": counts[kind.id]})
    return [{"name": name, "colour": family_colour(name), "types": types} for name, types in sorted(families.items())]


def page_environment(graph: nx.MultiDiGraph, english: bool) -> Environment:
    environment = Environment(loader=PackageLoader("kg", "templates"), autoescape=True)
    # Arabic as it is, not \u escapes: a third of the size; tojson still escapes < > & '.
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    environment.globals.update(english=english, legend=legend(graph), untargeted=graph.graph.get("untargeted", 0),
                               vis_network=Markup(VIS_NETWORK.read_text(encoding="utf-8")))
    return environment
