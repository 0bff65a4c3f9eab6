"""Stage 2 of the pipeline: Arabic parsing with Stanza, and which models do it.

Models are resolved in this order:

1. an explicit folder (``--models PATH`` or the ``KG_MODELS`` environment variable);
2. Stanza's official Arabic models, if they are already in Stanza's resources folder;
3. the compact models bundled with kg (``kg/data/models``).

Nothing is ever downloaded here: every pipeline is built with ``download_method=None``.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

BUNDLED_DIR = Path(__file__).parent / "data" / "models"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
PRETRAINED = ("pos", "depparse", "ner")  # processors that read the word-vector file


@dataclass(frozen=True)
class ModelSet:
    """A set of Arabic models: either Stanza's own resources folder or files named by a manifest."""

    source: str  # "custom", "stanza" or "bundled"
    path: Path
    files: dict[str, Path] = field(default_factory=dict)  # processor (or "pretrain") -> model file
    manifest: dict = field(default_factory=dict)

    @property
    def is_stanza_resources(self) -> bool:
        return not self.files

    def describe(self) -> str:
        return f"{self.source} models in {self.path}"


def stanza_resources_dir() -> Path:
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return Path(DEFAULT_MODEL_DIR)


def _has_stanza_arabic(folder: Path) -> bool:
    try:
        resources = json.loads((folder / "resources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return "ar" in resources and all(any((folder / "ar" / p).glob("*.pt")) for p in PROCESSORS)


def read_manifest(folder: Path, source: str) -> ModelSet:
    manifest_file = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except OSError:
        raise KgError(f"{folder}: not a model folder (no manifest.json and no Stanza resources.json with Arabic)")
    except ValueError as error:
        raise KgError(f"{manifest_file}: not valid JSON ({error})")
    files = {name: folder / entry["file"] for name, entry in manifest["models"].items()}
    return ModelSet(source, folder, files, manifest)


def models_at(folder: Path, source: str = "custom") -> ModelSet:
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise KgError(f"{folder}: model folder does not exist")
    if _has_stanza_arabic(folder):
        return ModelSet(source, folder)
    return read_manifest(folder, source)


def bundled_models() -> ModelSet:
    return read_manifest(BUNDLED_DIR, "bundled")


def official_models() -> ModelSet | None:
    folder = stanza_resources_dir()
    return ModelSet("stanza", folder) if _has_stanza_arabic(folder) else None


def resolve_models(path: str | Path | None = None) -> ModelSet:
    """The models to use: ``path`` or $KG_MODELS, else Stanza's official ones, else the bundled ones."""
    path = path or os.environ.get("KG_MODELS")
    if path:
        return models_at(Path(path))
    return official_models() or bundled_models()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(models: ModelSet) -> None:
    """Fail with one clear sentence when a model file is missing or differs from its manifest."""
    for name, path in models.files.items():
        if not path.is_file():
            raise KgError(f"{path}: {name} model file is missing")
        expected = models.manifest["models"][name].get("sha256")
        if expected and sha256(path) != expected:
            raise KgError(f"{path}: {name} model file is corrupt (sha256 differs from manifest.json)")


def _model_kwargs(models: ModelSet, processors: tuple[str, ...]) -> dict:
    kwargs = {"dir": str(models.path), "allow_unknown_language": True}
    for name in processors:
        kwargs[f"{name}_model_path"] = str(models.files[name])
        if name in PRETRAINED:
            kwargs[f"{name}_pretrain_path"] = str(models.files["pretrain"])
    return kwargs


def load_pipeline(models: ModelSet | None = None, processors: tuple[str, ...] = PROCESSORS,
                  use_gpu: bool = False, pretokenized: bool = False, **options):
    """A Stanza pipeline over ``models`` (resolved as in ``resolve_models`` when None)."""
    import stanza

    models = models or resolve_models()
    if models.is_stanza_resources:
        kwargs = {"dir": str(models.path)}
    else:
        verify(models)
        kwargs = _model_kwargs(models, processors)
    try:
        return stanza.Pipeline(lang="ar", processors=",".join(processors), download_method=None,
                               use_gpu=use_gpu, tokenize_pretokenized=pretokenized, logging_level="WARN",
                               **kwargs, **options)
    except Exception as error:  # Stanza raises many kinds; the user needs one sentence
        raise KgError(f"{models.path}: cannot load the Arabic models ({type(error).__name__}: {error})") from error



MAX_SENTENCE_WORDS = 300  # the parser's scores grow with the square of the length: cut longer runs


def _renumbered(token_entries: list[dict], offset: int) -> list[dict]:
    def shift(word_id):
        return tuple(i - offset for i in word_id) if isinstance(word_id, tuple) else word_id - offset
    return [{**entry, "id": shift(entry["id"])} for entry in token_entries]


def _bounded_sentences(doc, limit: int) -> list[list[dict]]:
    """The tokenized sentences as CoNLL-U dicts, each cut into pieces of at most ``limit`` words."""
    pieces = []
    for sentence in doc.sentences:
        current, offset = [], 0
        for token in sentence.tokens:
            if current and token.words[-1].id - offset > limit:
                pieces.append(current)
                current, offset = [], token.words[0].id - 1
            current += _renumbered(token.to_dict(), offset)
        pieces.append(current)
    return pieces


def parse(text: str, pipeline):
    """Parse one text into a Stanza Document; blank text gives an empty document.

    Tokenizing first lets an overlong "sentence" (a list, a page without punctuation) be cut
    before the tagger and parser see it.
    """
    import stanza

    if not text.strip():
        return stanza.Document([], text=text)
    doc = pipeline.process(text, processors="tokenize,mwt")
    if any(len(sentence.words) > MAX_SENTENCE_WORDS for sentence in doc.sentences):
        doc = stanza.Document(_bounded_sentences(doc, MAX_SENTENCE_WORDS), text=text)
    rest = [name for name in pipeline.processors if name not in ("tokenize", "mwt")]
    return pipeline.process(doc, processors=rest) if rest else doc
