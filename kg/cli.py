"""The ``kg`` command: a thin typer layer over the library."""
from __future__ import annotations

import json
import sys
from functools import wraps
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.errors import KgError

app = typer.Typer(help="Who said what about whom: a knowledge graph of diplomatic statements from Arabic news.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
models_app = typer.Typer(help="The Arabic Stanza models: which are used, their scores.", no_args_is_help=True)
app.add_typer(models_app, name="models")

ModelsOption = Annotated[Optional[Path], typer.Option(
    "--models", envvar="KG_MODELS", help="Folder of Arabic models (default: official Stanza ones if installed, else bundled).")]
DeviceOption = Annotated[str, typer.Option("--device", help="cpu or cuda (Stanza's use_gpu).")]
StoreOption = Annotated[Path, typer.Option("--store", help="Folder of the RDF store (created if missing).")]


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
    inputs: Annotated[list[Path], typer.Argument(help=".txt files, folders, .jsonl(.gz/.xz) files.")],
    store: StoreOption,
    models: ModelsOption = None,
    device: DeviceOption = "cpu",
) -> None:
    """Extract the statements of articles into a store. Bad inputs are reported and skipped."""
    from kg.build import build

    report = build(inputs, store, models, use_gpu=device == "cuda",
                   on_error=lambda message: typer.echo(f"error: {message}", err=True))
    typer.echo(report.summary())
    if not (report.built or report.unchanged):
        raise typer.Exit(1)


@app.command("export")
@reports_errors
def export_command(
    store: StoreOption,
    fmt: Annotated[str, typer.Option("--format", help="jsonl: one statement per line.")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default: stdout).")] = None,
) -> None:
    """Write the statements of a store to a file."""
    from kg.export import FORMATS, export
    from kg.rdf import Store

    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if not store.is_dir():
        raise KgError(f"{store}: no store there (build one with `kg build INPUT --store {store}`)")
    with Store(store) as opened:
        count = export(opened, fmt, output)
    if output:
        typer.echo(f"{count} statements written to {output}", err=True)


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
