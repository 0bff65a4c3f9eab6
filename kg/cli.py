"""The ``kg`` command: a thin typer layer over the library."""
from __future__ import annotations

import json
import sys
from functools import wraps
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.errors import KgError
from kg.files import atomic_writer

app = typer.Typer(help="Who said what about whom: a knowledge graph of diplomatic statements from Arabic news.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
models_app = typer.Typer(help="The Arabic Stanza models: which are used, their scores.", no_args_is_help=True)
app.add_typer(models_app, name="models")

ModelsOption = Annotated[Optional[Path], typer.Option(
    "--models", envvar="KG_MODELS", help="Folder of Arabic models (default: official Stanza ones if installed, else bundled).")]
DeviceOption = Annotated[str, typer.Option("--device", help="cpu or cuda (Stanza's use_gpu).")]
StoreOption = Annotated[Path, typer.Option("--store", help="Folder of the RDF store (created if missing).")]
ExistingStoreOption = Annotated[Path, typer.Option("--store", help="Folder of the RDF store.")]
GoldSystemFiles = Annotated[list[Path], typer.Argument(
    help="Pairs of files: a gold file, then the JSONL export (kg export) scored against it.")]
ScorerOption = Annotated[Path, typer.Option(help="The shared scorer.")]
OutputOption = Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default: stdout).")]
ActorsOption = Annotated[Optional[list[Path]], typer.Option("--actors", help=(
    "Actors of your own, a .csv or .ttl file (repeatable); they win over the bundled ones. CSV columns: id (default: "
    "from label_en), label_en, label_ar, type (Person, State, Organisation or GovernmentBody), affiliation (an actor's "
    "id), aliases and role (Arabic role nouns), each separated by |, cameo. `kg actors --format csv` writes one. "
    "Turtle: the vocabulary of ontology/actors.ttl."))]
TimeoutOption = Annotated[float, typer.Option(
    help="Stop a query after this many seconds, with an error.", min=0.001)]
MaxMemoryOption = Annotated[float, typer.Option(
    help="Stop a query that needs more than this many GB of memory, with an error.", min=0.1)]
SCORER = Path("../shared/eval/score.py")


def check_format(fmt: str, formats: tuple[str, ...]) -> None:
    if fmt not in formats:
        raise KgError(f"unknown format {fmt!r}; choose from {', '.join(formats)}")


def fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def reports_errors(command):
    """Turn a KgError into one line on stderr and exit code 1, never a traceback."""
    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KgError as error:
            fail(str(error))
    return wrapper


def existing_store(path: Path) -> Path:
    """``path``, if a store is there: an error rather than a new empty store when there is none."""
    from kg.rdf import is_store

    if not is_store(path):
        raise KgError(f"{path}: no store there (build one with `kg build INPUT --store {path}`)")
    return path


def open_store(path: Path):
    """An existing store, opened."""
    from kg.rdf import Store

    return Store(existing_store(path))


def gigabytes(size: float) -> int:
    return int(size * 2**30)


@models_app.command("list")
@reports_errors
def models_list(models: ModelsOption = None) -> None:
    """Show the model sets available and which one is used."""
    from kg import nlp

    used = nlp.resolve_models(models)
    candidates = [nlp.models_at(models, "custom") if models else None, nlp.official_models(), nlp.bundled_models()]
    for model_set in filter(None, candidates):
        marker = "*" if model_set.path == used.path else " "
        typer.echo(f"{marker} {model_set.source:8} {model_set.path}")
        for name, path in model_set.files.items():
            size = path.stat().st_size / 1e6 if path.exists() else 0
            typer.echo(f"    {name:9} {path.name:28} {size:6.1f} MB")
    if not nlp.official_models():
        typer.echo(f"  (no official Stanza Arabic models in {nlp.stanza_resources_dir()}; `kg models download` fetches them)")
    typer.echo("(* = used)")


@models_app.command("download")
@reports_errors
def models_download() -> None:
    """Fetch Stanza's official Arabic models into Stanza's resources folder (needs network)."""
    from kg import nlp

    try:
        import stanza

        stanza.download("ar", model_dir=str(nlp.stanza_resources_dir()), logging_level="WARN")
    except Exception as error:  # requests/ConnectionError and friends: report, do not trace
        raise KgError(f"cannot download Stanza's Arabic models ({type(error).__name__}); "
                      "check the network, or keep using the bundled models") from error
    typer.echo(f"official Arabic models installed in {nlp.stanza_resources_dir()}")


@models_app.command("eval")
@reports_errors
def models_eval(
    data: Annotated[Path, typer.Option(help="The shared data folder (ud/, ner/).")] = Path("../shared/data"),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object of scores (percent).")] = False,
    models: ModelsOption = None,
    device: DeviceOption = "cpu",
) -> None:
    """Score the models on held-out test sets, beside Stanza's published scores."""
    from kg import nlp
    from kg.evaluate import GOALS, PUBLISHED, evaluate

    if not (data / "ud").is_dir():
        raise KgError(f"{data}: not the shared data folder (no ud/ inside)")
    model_set = nlp.resolve_models(models)
    scores = evaluate(model_set, data, use_gpu=device == "cuda")
    if as_json:
        typer.echo(json.dumps(scores))
        return
    typer.echo(f"{model_set.describe()}\n{'metric':14}{'kg':>8}{'Stanza':>9}{'goal':>7}")
    for metric, value in scores.items():
        published, goal = PUBLISHED.get(metric), GOALS.get(metric)
        typer.echo(f"{metric:14}{value:8.2f}{published or float('nan'):9.2f}{goal or float('nan'):7.1f}")


@app.command("build")
@reports_errors
def build_command(
    inputs: Annotated[Optional[list[Path]], typer.Argument(help=".txt files, folders, .jsonl(.gz/.xz) files.")] = None,
    store: StoreOption = ...,
    models: ModelsOption = None,
    device: DeviceOption = "cpu",
    workers: Annotated[int, typer.Option(help="Parse in this many local processes (one per core).")] = 1,
    dask: Annotated[Optional[str], typer.Option(
        help="Parse on the Dask cluster whose scheduler is at this address, e.g. tcp://10.0.0.5:8786.")] = None,
    batch: Annotated[int, typer.Option(help="Articles per Stanza call and per worker task.", min=1)] = 32,
    reextract: Annotated[bool, typer.Option(
        "--reextract", help="First extract every stored article again from its cached parse (after new rules).")] = False,
    claim_window: Annotated[int, typer.Option(
        help="Days within which the same claim in several articles is one corroborated claim.", min=0)] = 3,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    actors: ActorsOption = None,
) -> None:
    """Extract the statements of articles into a store. Bad inputs are reported and skipped.

    Articles stored before with the same text are skipped: run it again after a stop to resume.
    Examples: kg build news.jsonl.xz --store stores/news --workers 2 ;
    kg build --reextract --store stores/news --actors my-actors.csv
    """
    from kg.build import build
    from kg.progress import build_progress

    if not inputs and not reextract:
        raise KgError("give the articles to build (files or folders), or --reextract")
    with build_progress(not quiet) as on_progress:
        report = build(inputs or [], store, models, use_gpu=device == "cuda",
                       on_error=lambda message: typer.echo(f"error: {message}", err=True),
                       workers=workers, dask=dask, batch=batch, reextract=reextract,
                       claim_window=claim_window, on_progress=on_progress, actors=actors or (),
                       on_warning=lambda message: typer.echo(f"warning: {message}", err=True))
    typer.echo(report.summary())
    if not (report.built or report.unchanged):
        raise typer.Exit(1)


@app.command("export")
@reports_errors
def export_command(
    store: ExistingStoreOption,
    fmt: Annotated[str, typer.Option("--format", help=(
        "jsonl: one statement per line; trig, nq, jsonld: RDF with one named graph per article; "
        "ttl: RDF, all graphs merged; graphml, gexf (Gephi), json (networkx node-link), csv: the graph of "
        "statements with a target, one edge or row per statement."))] = "jsonl",
    output: OutputOption = None,
) -> None:
    """Write the statements of a store to a file."""
    from kg.export import FORMATS, WRITERS, export

    check_format(fmt, FORMATS)
    with open_store(store) as opened:
        count = export(opened, fmt, output)
    if output:
        typer.echo(f"{count} {WRITERS[fmt].unit} written to {output}", err=True)


@app.command("import")
@reports_errors
def import_command(
    file: Annotated[Path, typer.Argument(help="An RDF file: .trig, .nq, .jsonld (named graphs kept) or .ttl.")],
    store: StoreOption,
) -> None:
    """Add the triples of an RDF file to a store, in one transaction. A .ttl file has no named graphs:
    it goes to the graph kgid:graph/import/NAME (NAME: the file's name without extension)."""
    from kg.rdf import Store

    with Store(store) as opened:
        opened.load(file)
        typer.echo(f"{file} imported; {store} holds {opened.triple_count()} triples")


@app.command("actors")
@reports_errors
def actors_command(
    store: ExistingStoreOption,
    new: Annotated[bool, typer.Option("--new", help=(
        "Only the actors the build made up for names no list has (kg:candidate): transliterated labels, "
        "the tagger's type."))] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv (an actor list for --actors) or json.")] = "table",
    output: OutputOption = None,
) -> None:
    """List the actors of a store's statements: type, affiliation, statements as speaker and as target,
    and whether the build made them up (new).

    The CSV is valid for kg build --actors: fix labels and types, keep the ids, and build again.
    Example: kg actors --store stores/news --new --format csv -o new.csv ; (edit new.csv) ;
    kg build --reextract --store stores/news --actors new.csv
    """
    from kg.actor_review import FORMATS, render, stored_actors

    check_format(fmt, FORMATS)
    with open_store(store) as opened:
        entries = stored_actors(opened, new_only=new)
    with atomic_writer(output) as stream:
        stream.write(render(entries, fmt))
    if output:
        typer.echo(f"{len(entries)} actors written to {output}", err=True)


@app.command("query")
@reports_errors
def query_command(
    store: ExistingStoreOption,
    sparql: Annotated[Optional[str], typer.Argument(help="The query, e.g. 'SELECT ?s WHERE { ?s kg:appealsTo ?t }'.")] = None,
    file: Annotated[Optional[Path], typer.Option("-f", "--file", help="Read the query from a .rq file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json (SPARQL results formats).")] = "table",
    update: Annotated[bool, typer.Option("--update", help="Allow a SPARQL Update, which changes the store.")] = False,
    timeout: TimeoutOption = 30,
    max_memory: MaxMemoryOption = 2,
) -> None:
    """Run a SPARQL query on a store; the project's prefixes (kg:, kgid:, rule:, skos:, dcterms:, prov:, schema:) are bound.

    The default graph is the union of all graphs. A query over --timeout or --max-memory stops with
    an error (an update then changes nothing). Examples: examples/queries/*.rq.
    """
    from kg.query import FORMATS, run_query

    if (sparql is None) == (file is None):
        raise KgError("give the query either as an argument or with -f FILE.rq, not both")
    check_format(fmt, FORMATS)
    text = run_query(existing_store(store), read_query(file) if file else sparql, fmt, update,
                     str(file) if file else "query", timeout, gigabytes(max_memory))
    if text is None:
        typer.echo("update done", err=True)
    else:
        typer.echo(text, nl=not text.endswith("\n"))


def read_query(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KgError(f"{file}: cannot read the query ({error})") from None


@app.command("serve")
@reports_errors
def serve_command(
    store: ExistingStoreOption,
    port: Annotated[int, typer.Option(help="TCP port to listen on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens the endpoint to the network.")] = "127.0.0.1",
    timeout: TimeoutOption = 30,
    max_rows: Annotated[int, typer.Option(
        help="Rows (triples of a graph) a result keeps at most; X-Kg-Rows-Cut marks a cut one.", min=1)] = 10_000,
    workers: Annotated[int, typer.Option(help="Queries answered at once, each in a process of its own.", min=1)] = 4,
    max_memory: MaxMemoryOption = 2,
) -> None:
    """Answer SPARQL 1.1 Protocol queries over HTTP on http://HOST:PORT/ (read-only) until Ctrl-C or SIGTERM.

    A query over --timeout or --max-memory gets HTTP 503 with a one-line message. Other kg commands
    cannot open the store to write while it is served.
    """
    import signal

    from kg.serve import Limits, serve

    limits = Limits(timeout, max_rows, workers, gigabytes(max_memory))
    path = existing_store(store)
    typer.echo(f"SPARQL endpoint on http://{host}:{port}/ (read-only); Ctrl-C stops it", err=True)
    # Once the server has stopped its workers it raises Ctrl-C again: then the process ends at once,
    # as on SIGTERM, instead of tearing Python down (a second or more on a busy machine).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    serve(path, host, port, limits)


@app.command("view")
@reports_errors
def view_command(
    store: ExistingStoreOption,
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML page to write.")],
    speaker: Annotated[Optional[str], typer.Option(help="Only this actor's statements (id, English or Arabic label).")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Only the actors within --depth statements of this one.")] = None,
    depth: Annotated[int, typer.Option(help="How many statements away from --actor, either way.")] = 1,
    types: Annotated[Optional[list[str]], typer.Option("--type", help="Only this statement type, e.g. appeal (repeatable).")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only articles dated on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only articles dated on or before this day (YYYY-MM-DD).")] = None,
    english: Annotated[bool, typer.Option("--english", help="Show English labels first (the page toggles).")] = False,
) -> None:
    """Draw who said what about whom as one interactive HTML page that works offline."""
    from kg.graph import GraphFilter
    from kg.view import view

    selection = GraphFilter(speaker, actor, depth, tuple(types or ()), since, until)
    with open_store(store) as opened:
        page = view(opened, output, selection, english)
    untargeted = sum(1 for statement in page["statements"] if not statement["target"])
    typer.echo(f"{output}: {len(page['actors'])} actors, {len(page['statements'])} statements "
               f"({len(page['arrows'])} arrows" + (f", {untargeted} without a target)" if untargeted else ")"))


@app.command("explain")
@reports_errors
def explain_command(
    statement: Annotated[Optional[str], typer.Argument(help="A statement's IRI (kgid:statement/...).")] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="Folder of the RDF store.")] = None,
    doc: Annotated[Optional[str], typer.Option(help="An article of the store.")] = None,
    sentence: Annotated[Optional[int], typer.Option(help="The sentence's number in the article (1 = first).", min=1)] = None,
    text: Annotated[Optional[str], typer.Option(help="Raw Arabic text to parse and explain (no store).")] = None,
    models: ModelsOption = None,
    device: DeviceOption = "cpu",
) -> None:
    """Show why statements were found: the tree, and every rule tried with what it found or why not.

    Examples: kg explain --text "وقال لافروف إن ..." ; kg explain --store stores/seeds --doc D --sentence 3 ;
    kg explain kgid:statement/... --store stores/seeds
    """
    from kg.explain import explain_stored, explain_text, render

    if text is not None:
        typer.echo(render(explain_text(text, models, use_gpu=device == "cuda"), sentence))
        return
    if store is None or not (statement or doc):
        raise KgError("give --text, or --store with a statement IRI or --doc")
    open_store(store).close()  # one clear error when there is no store
    explanations, number = explain_stored(store, doc, expand_iri(statement) if statement else None)
    typer.echo(render(explanations, sentence or number))


def expand_iri(iri: str) -> str:
    """kgid:statement/... as the full IRI."""
    from kg.ontology import RESOURCE_NS

    return RESOURCE_NS + iri.removeprefix("kgid:") if iri.startswith("kgid:") else iri


@app.command("rule-scores")
@reports_errors
def rule_scores_command(files: GoldSystemFiles, scorer: ScorerOption = SCORER) -> None:
    """How precise each extraction rule is: the statements it helped find that score.py judges true or
    false positives (strict), over all the pairs, weakest rule first.

    Example: kg rule-scores ../shared/eval/dev_gold.jsonl dev.jsonl ../shared/eval/seeds_gold.jsonl seeds.jsonl
    """
    from kg.rule_quality import score_rules

    typer.echo(score_rules(scorer, gold_system_pairs(files)).text())


@app.command("error-classes")
@reports_errors
def error_classes_command(files: GoldSystemFiles, scorer: ScorerOption = SCORER) -> None:
    """Where the strict errors come from, per export: missed statements by what was found in their
    paragraph, spurious ones by what the paragraph's gold says of their speaker.

    Example: kg error-classes ../shared/eval/dev_gold.jsonl dev.jsonl ../shared/eval/dev2_gold.jsonl dev2.jsonl
    """
    from kg.rule_quality import error_table

    typer.echo(error_table(scorer, gold_system_pairs(files)))


def gold_system_pairs(files: list[Path]) -> list[tuple[Path, Path]]:
    if len(files) % 2:
        raise KgError("give pairs of files: GOLD SYSTEM [GOLD SYSTEM ...]")
    return list(zip(files[::2], files[1::2]))


@app.command()
@reports_errors
def parse(
    file: Annotated[Path, typer.Argument(help="A UTF-8 text file, or - for standard input.")],
    sentences: Annotated[int, typer.Option(help="Print only the first N sentences (0 = all).")] = 0,
    models: ModelsOption = None,
    device: DeviceOption = "cpu",
) -> None:
    """Parse Arabic text and print it as CoNLL-U (tokens, words, tags, lemmas, tree, entities)."""
    from kg import nlp
    from kg.ingest import read_text

    text = sys.stdin.read() if str(file) == "-" else read_text(file)
    doc = nlp.Parser(nlp.resolve_models(models), use_gpu=device == "cuda")(text)
    if sentences:
        doc.sentences = doc.sentences[:sentences]
    typer.echo("{:C}".format(doc))


if __name__ == "__main__":
    app()
