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
import re
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable

from kg.errors import KgError
from kg.lexicon import KG, lexicon, ontology_dir
from kg.text import QUOTATION_MARKS, normalise_arabic, strip_diacritics

BUNDLED_DIR = Path(__file__).parent / "data" / "models"
# An empty Stanza resources list: pipelines over explicit model paths need one, and it must not
# name Arabic, or Stanza would go looking for its own packages.
NO_RESOURCES = Path(__file__).parent / "data" / "stanza_resources.json"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
PRETRAINED = ("pos", "depparse", "ner")  # processors that read the word-vector file
QUANTIZED = ("pos", "depparse", "ner")  # what int8 weights speed up on a CPU (``quantize``)
DEEP = ("depparse", "ner")  # what only a sentence that may hold a statement needs (``complete``)
CHARLM_DIRECTIONS = ("forward", "backward")
# The tokenizers learnt quotation marks from PADT's ASCII ones and leave typographic marks glued to
# the word they open ("“ندعو", lemma "“دع"); one ASCII mark for one typographic one keeps every offset.
ASCII_QUOTES = str.maketrans(dict.fromkeys(QUOTATION_MARKS, '"'))


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
    kwargs = {"dir": str(models.path), "resources_filepath": str(NO_RESOURCES), "allow_unknown_language": True}
    for name in processors:
        kwargs[f"{name}_model_path"] = str(models.files[name])
        if name in PRETRAINED:
            kwargs[f"{name}_pretrain_path"] = str(models.files["pretrain"])
        if name == "ner":  # the character language models the NER model reads, if the set has them
            kwargs |= {f"ner_{direction}_charlm_path": str(models.files[f"{direction}_charlm"])
                       for direction in CHARLM_DIRECTIONS if f"{direction}_charlm" in models.files}
    return kwargs


def _foundation_cache(models: ModelSet):
    """A Stanza foundation cache holding the word vectors widened to float32.

    The bundled vectors are stored in half precision to stay small; Stanza's models mix them
    with float32 weights. Pipelines share the cache's ``pretrains`` dict, so they find them here.
    """
    import torch
    from stanza.models.common.foundation_cache import FoundationCache
    from stanza.models.common.pretrain import Pretrain

    cache = FoundationCache(local_files_only=True)
    if "pretrain" in models.files:
        path = str(models.files["pretrain"])
        pretrain = Pretrain(path)
        if pretrain.emb.is_floating_point() and pretrain.emb.dtype != torch.float32:
            pretrain._emb = pretrain.emb.float()
        cache.pretrains[path] = pretrain
    return cache


def one_root_tree(scores):
    """Stanza's ``chuliu_edmonds_one_root`` with TurboParser's C++ Chu-Liu-Edmonds: the same
    maximum spanning tree with one root (Stanza's root reweighting kept), 30x faster to decode.

    ``scores[d, h]`` scores head ``h`` for word ``d`` (0 is the root); the tree's entry 0 is unused.
    """
    import numpy as np
    from ufal.chu_liu_edmonds import chu_liu_edmonds

    scores = scores.astype(np.float64)  # a copy: the caller's scores stay as they were
    scores[:, 0] += scores[np.isfinite(scores)].min() * scores.shape[0]
    np.fill_diagonal(scores, np.nan)  # NaN is "no arc" for ufal: no self-loops, nothing heads the root
    scores[0] = np.nan
    heads, _ = chu_liu_edmonds(scores)
    heads[0] = 0
    return np.asarray(heads)


def use_fast_tree_decoder() -> None:
    """Decode the parser's trees with ``one_root_tree`` (Stanza looks the function up in its module)."""
    from stanza.models.depparse import model

    model.chuliu_edmonds_one_root = one_root_tree


def load_pipeline(models: ModelSet | None = None, processors: tuple[str, ...] = PROCESSORS,
                  use_gpu: bool = False, pretokenized: bool = False, **options):
    """A Stanza pipeline over ``models`` (resolved as in ``resolve_models`` when None)."""
    import stanza

    models = models or resolve_models()
    use_fast_tree_decoder()
    if models.is_stanza_resources:
        kwargs = {"dir": str(models.path)}
    else:
        verify(models)
        kwargs = _model_kwargs(models, processors) | {"foundation_cache": _foundation_cache(models)}
    # The lemmatizer's seq2seq reads a word and its tag only: it keeps what it predicted and looks it up next time.
    options = {"lemma_store_results": True} | options
    try:
        with _without_optimizers():
            pipeline = stanza.Pipeline(lang="ar", processors=",".join(processors), download_method=None,
                                       use_gpu=use_gpu, tokenize_pretokenized=pretokenized, logging_level="ERROR",
                                       **kwargs, **options)
    except Exception as error:  # Stanza raises many kinds; the user needs one sentence
        raise KgError(f"{models.path}: cannot load the Arabic models ({type(error).__name__}: {error})") from error
    if "mwt" in pipeline.processors and not pipeline.processors["mwt"].config.get("dict_only"):
        remember_expansions(pipeline.processors["mwt"])
    if "lemma" in pipeline.processors:
        lemmatize_distinct(pipeline.processors["lemma"])
    if not use_gpu and os.environ.get("KG_QUANTIZE", "1") != "0":
        quantize(pipeline)
    return pipeline


_LOADING = threading.Lock()  # Dask worker threads may load pipelines side by side


@contextmanager
def _without_optimizers():
    """Stanza's trainers build a training optimizer even to predict. It holds a reference to every float
    weight (kept alive after ``quantize``: 145 MB a pipeline) and its first Adam imports torch._dynamo
    (a second of every worker's start). A pipeline only predicts: its trainers get none."""
    from stanza.models.common import utils

    with _LOADING:
        saved = utils.get_optimizer, utils.get_split_optimizer
        utils.get_optimizer, utils.get_split_optimizer = (lambda *args, **kwargs: None), (lambda *args, **kwargs: {})
        try:
            yield
        finally:
            utils.get_optimizer, utils.get_split_optimizer = saved


def quantize(pipeline) -> None:
    """int8 weights for the LSTM and Linear layers of the tagger, parser and NER model, for the CPU.

    Measured on news with two workers: 1.13x (2,000 articles) to 1.18x (200) a build's speed, scores within
    noise (``KG_QUANTIZE=0 kg models eval`` gives the float ones). The MWT expander is left as it is:
    quantized, it splits some words otherwise.
    """
    import torch

    with warnings.catch_warnings():  # torch calls torch.ao.quantization deprecated, moving to torchao (no LSTMs)
        warnings.simplefilter("ignore")
        try:
            from torch.ao.quantization import quantize_dynamic
        except ImportError:  # a torch without it: the float weights, slower
            return
        for name in (name for name in QUANTIZED if name in pipeline.processors):
            for trainer in trainers(pipeline, name):
                trainer.model = quantize_dynamic(trainer.model, {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8)


def trainers(pipeline, name: str) -> list:
    """The Stanza trainers holding a processor's models: NER may hold several, the others one."""
    processor = pipeline.processors[name]
    return getattr(processor, "trainers", [processor._trainer])


class _Tokens:
    """What Stanza's MWT data loader reads of a document: the texts of the tokens to expand."""

    def __init__(self, texts: list[str]):
        self.texts = texts

    def get_mwt_expansions(self, evaluation: bool = False) -> list[str]:
        return self.texts


# Letters an expansion may add to its token: "للرئيس" is ل + الرئيس, "مما" من + ما. More is the expander
# inventing words: its dictionary, learnt from the treebank, expands a sentence-initial "وزير" to "وزير الطاقة".
MWT_ADDED_LETTERS = 2
EXPANSIONS_KEPT = 200_000  # distinct multi-word tokens remembered (a few tens of MB), then forgotten


def remember_expansions(processor) -> None:
    """Expand each distinct multi-word token once. Stanza's MWT seq2seq reads the token's letters
    only, so a token always gives the same words, and news repeats its tokens (وقال, والرئيس)
    thousands of times; the processor's own code runs the seq2seq on every occurrence."""
    import torch
    from stanza.models.mwt.data import DataLoader

    expansions: dict[str, str] = {}
    ensemble_dict = processor.config.get("ensemble_dict", False)

    def process(document):
        # read as the treebank writes words, without diacritics: the expander garbles them ("وأكَّدت": و + أكَّت)
        texts = [strip_diacritics(text) or text for text in document.get_mwt_expansions(evaluation=True)]
        new = sorted(set(texts) - expansions.keys())
        if len(expansions) + len(new) > EXPANSIONS_KEPT:
            expansions.clear()
            new = sorted(set(texts))
        # With ensemble_dict the dictionary's expansion wins over the seq2seq's: predict only what it lacks.
        listed = {text: processor.trainer.dict_expansion(text) for text in new} if ensemble_dict else {}
        expansions.update((text, words) for text, words in listed.items() if words is not None)
        unlisted = [text for text in new if listed.get(text) is None]
        if unlisted:
            loader = DataLoader(_Tokens(unlisted), processor.config["batch_size"], processor.config,
                                vocab=processor.vocab, evaluation=True, expand_unk_vocab=True)
            with torch.no_grad():
                predicted = [words for batch in loader.to_loader()
                             for words in processor.trainer.predict(batch, never_decode_unk=True, vocab=loader.vocab)]
            expansions.update(zip(unlisted, predicted))
        for text in new:  # a token's words hold its letters, give or take a restored letter or two
            if len(expansions[text].replace(" ", "")) > len(text) + MWT_ADDED_LETTERS:
                expansions[text] = text
        document.set_mwt_expansions([expansions[text] for text in texts], process_manual_expanded=False)
        return document

    processor.process = process


class _Words:
    """What Stanza's lemmatizer data loader reads of a document: (word, part of speech, lemma) rows."""

    def __init__(self, pairs: list[tuple[str, str | None]]):
        self.pairs = pairs

    def get(self, fields: list[str]) -> list[list]:
        return [[text, upos, None] for text, upos in self.pairs]


def lemmatize_distinct(processor) -> None:
    """Run the lemmatizer's seq2seq once per distinct (word, part of speech) that its dictionary lacks.

    Stanza's processor loads every word of a document twice into its data loader and predicts each
    occurrence of an unknown word; the seq2seq reads the word and its tag only, so a pair always gets
    the same lemma. Left to Stanza: the identity and dictionary-only modes, and contextual lemmatizers
    (they read the sentence)."""
    import torch
    from stanza.models.common.doc import LEMMA, TEXT, UPOS
    from stanza.models.lemma.data import DataLoader

    config = processor.config
    if processor.use_identity or config.get("dict_only") or not config.get("ensemble_dict"):
        return
    trainer = processor.trainer
    if trainer.has_contextual_lemmatizers():
        return

    def predict(pairs: list[tuple[str, str | None]]) -> list[str]:
        loader = DataLoader(_Words(pairs), config["batch_size"], config, vocab=processor.vocab, evaluation=True,
                            expand_unk_vocab=True)
        lemmas, edits = [], []
        with torch.no_grad():
            for batch in loader:
                predicted, edited = trainer.predict(batch, config["beam_size"], loader.vocab)
                lemmas += predicted
                edits += edited or []
        return trainer.postprocess([text for text, _ in pairs], lemmas, edits=edits)

    def process(document):
        pairs = [tuple(pair) for pair in document.get([TEXT, UPOS])]
        unknown = sorted({pair for pair, known in zip(pairs, trainer.skip_seq2seq(pairs)) if not known},
                         key=lambda pair: (pair[0], pair[1] or ""))
        predicted = dict(zip(unknown, predict(unknown))) if unknown else {}
        if predicted and processor.store_results:
            trainer.train_dict([(*pair, lemma) for pair, lemma in predicted.items()], update_word_dict=False)
        lemmas = trainer.ensemble(pairs, [predicted.get(pair) for pair in pairs])
        document.set([LEMMA], [lemma or "_" for lemma in lemmas])
        return document

    processor.process = process


MAX_SENTENCE_WORDS = 120  # the parser's work grows with the square of the length: cut longer runs (1 of 380 seeds+dev sentences is longer)
ABBREVIATION_LETTERS = 3  # a dot between words this short, no space around it, is an abbreviation's (إيه.بي.سي): 3 such in 993 news articles, all abbreviations
PROCLITICS = lexicon().proclitics  # و ف ب ل ك, written joined to the next word
LETTER_NAMES = lexicon().latin_letter_names  # إتش آر: initials


ACRONYM_JOINER = "\u0640"  # tatweel: drawn inside a word, and stripped where the models read words (as_read)
LETTERS = re.compile(r"[^\W\d_]+")  # a run of letters: a word, without its punctuation
MAX_PROCLITICS = 2  # "ولسي إن إن": و and ل


@cache
def _actors_graph():
    """ontology/actors.ttl, read once for the words the tokenizer and expander keep whole."""
    from rdflib import Graph

    return Graph().parse(ontology_dir() / "actors.ttl")


@cache
def acronyms() -> frozenset[tuple[str, ...]]:
    """The gazetteer's names spelt in Latin letters' names ("سي إن إن", "بي بي سي"), as normalised words."""
    from rdflib.namespace import SKOS

    names = (normalise_arabic(str(name)).split() for label in (SKOS.prefLabel, SKOS.altLabel)
             for name in _actors_graph().objects(None, label) if name.language == "ar")
    return frozenset(tuple(words) for words in names if len(words) > 1 and set(words) <= LETTER_NAMES)


def join_acronyms(text: str) -> str:
    """``text`` with the spaces inside the gazetteer's acronyms turned into joiners, at the same
    offsets: "لسي إن إن" is one word to the tokenizer, where the models would read إن as 'that' and
    في as 'in'. The longest acronym wins; the first word may carry proclitics."""
    known, chars = acronyms(), list(text)
    longest = max(map(len, known), default=0)
    words = [word for word in LETTERS.finditer(text) if proclitic_cut(word.group()) is not None]  # a set lookup a word
    start = 0
    while start < len(words):
        run = next((run for size in range(longest, 1, -1) for run in [words[start:start + size]]
                    if len(run) == size and acronym_key(text, run) in known), words[start:start + 1])
        for before in run[:-1]:
            chars[before.end()] = ACRONYM_JOINER
        start += len(run)
    return "".join(chars)


def proclitic_cut(word: str) -> int | None:
    """How many proclitics open a word before a Latin letter's name: "ولسي" 2, "سي" 0; None for no such name."""
    for cut in range(MAX_PROCLITICS + 1):
        if normalise_arabic(word[cut:]) in LETTER_NAMES:
            return cut
        if word[cut:cut + 1] not in PROCLITICS:
            return None
    return None


def acronym_key(text: str, words) -> tuple[str, ...] | None:
    """The normalised words of a run of words with single spaces between them, proclitics cut off the first."""
    if any(text[before.end():after.start()] != " " for before, after in zip(words, words[1:])):
        return None
    first, *rest = (word.group() for word in words)
    return (normalise_arabic(first[proclitic_cut(first) or 0:]), *map(normalise_arabic, rest))


def joined_acronym(token) -> bool:
    """Whether a token, written back (_as_written), is an acronym that join_acronyms made one word:
    the only tokens with a space."""
    return " " in token.text


def _acronym_entries(token) -> list[dict]:
    """A joined acronym's CoNLL-U dicts, its proclitics split off: "ولسيـإنـإن" is و + ل + سيـإنـإن.
    The expander never saw letters joined so: it garbles them (ل + سيإنإ) or keeps the clitics on."""
    text, start = token.text, token.start_char
    cut = proclitic_cut(text.split(ACRONYM_JOINER)[0])
    if cut is None or tuple(normalise_arabic(word) for word in text[cut:].split(ACRONYM_JOINER)) not in acronyms():
        return token.to_dict()  # a tatweel of the text's own ("كـتب")
    whole = {"text": text, "start_char": start, "end_char": token.end_char} | ({"misc": token.misc} if token.misc else {})
    if not cut:
        return [{"id": 1, **whole}]
    words = [*text[:cut], text[cut:]]
    return [{"id": (1, len(words)), **whole}] + [
        {"id": number, "text": word, "start_char": start + offset, "end_char": start + offset + len(word)}
        for number, (word, offset) in enumerate(zip(words, [*range(cut), cut]), 1)]


def vocabulary(models: ModelSet) -> frozenset[str]:
    """The words of the models' word vectors: frequent surface forms of news text."""
    import torch

    if "pretrain" not in models.files:
        return frozenset()
    data = torch.load(models.files["pretrain"], map_location="cpu", weights_only=True)
    return frozenset(data["vocab"]["_id2unit"])


@cache
def title_words() -> frozenset[str]:
    """The title words of persons in the gazetteer (kg:titleWord: وزير, ولي), as written."""
    return frozenset(str(word) for word in _actors_graph().objects(None, KG.titleWord))


def _wrongly_split(token, known: frozenset[str]) -> bool:
    """لافروف is not ل + أفروف: a frequent whole word whose supposed stem is unknown stays whole; nor
    is a title word a proclitic and a word ("ولي العهد" is no و + لي)."""
    words = token.words
    return (len(words) == 2 and words[0].text in PROCLITICS and token.text in known
            and (words[1].text not in known or token.text in title_words()))


def as_read(text: str) -> str:
    """A token or word as the tagger, parser and NER tagger read it: ASCII quotation marks, no
    diacritics, an acronym's words as one ("سي إن إن" was "سيـإنـإن", the joiner a diacritic)."""
    text = text.translate(ASCII_QUOTES).replace(" ", "")
    return strip_diacritics(text) or text


def _token_entries(token, known: frozenset[str]) -> list[dict]:
    """A token's CoNLL-U dicts, its words without diacritics for the tagger: the treebank writes
    almost every word without them (PADT train: 2,019 of 254,384 words), so an unseen "موضحاً" is
    lemmatized as "موضحا" is (_as_written puts them back)."""
    entries = [{**entry, "text": as_read(entry["text"])}
               for entry in (_acronym_entries(token) if ACRONYM_JOINER in token.text else token.to_dict())]
    if known and _wrongly_split(token, known):
        whole = {key: value for key, value in entries[0].items() if key != "id"}
        return [{**whole, "id": 0}]
    return entries


def _word_count(group: list[dict]) -> int:
    """Words in a token group: a multi-word token's own entry (a tuple id) is not one."""
    return sum(not isinstance(entry["id"], tuple) for entry in group)


def _numbered(groups: list[list[dict]]) -> list[dict]:
    """Token groups (a multi-word token and its words, or one word) with ids 1, 2, ... again."""
    entries, next_id = [], 1
    for group in groups:
        words = _word_count(group)
        for entry in group:
            if isinstance(entry["id"], tuple):
                entries.append({**entry, "id": (next_id, next_id + words - 1)})
            else:
                entries.append({**entry, "id": next_id})
                next_id += 1
    return entries


def _joined_at_pauses(sentences) -> list[list]:
    """The tokens of each sentence, joined to the next where the tokenizer took a dot for a full
    stop: two dots are a pause in news ("وأضاف ريابكوف.. إن “الهجوم ..."), and a dot may end an
    abbreviation or an initial ("شبكة إن.بي.سي الأميركية", "إتش. آر. ماكماستر")."""
    joined, current = [], []
    for sentence in sentences:
        if current and [t.text for t in current[-2:]] != [".", "."] and not _abbreviation(current, sentence.tokens):
            joined.append(current)
            current = []
        current += sentence.tokens
    return joined + [current] if current else joined


def _abbreviation(tokens, following) -> bool:
    """Whether the dot that ends ``tokens`` is inside an abbreviation, not a full stop: between two
    short words without a space ("إيه.بي.سي"; "عاما.وأصبحت" is a full stop typed without its space),
    or after a Latin letter's name, the first of initials or the next ("إتش. آر. ماكماستر"; "بي بي
    سي. في" ends a sentence)."""
    if len(tokens) < 2 or tokens[-1].text != "." or tokens[-2].end_char != tokens[-1].start_char:
        return False
    before, dot, after = tokens[-2], tokens[-1], following[0]
    if dot.end_char == after.start_char and all(t.text.isalpha() and len(t.text) <= ABBREVIATION_LETTERS
                                                  for t in (before, after)):
        return True
    return initial(tokens[-2:]) and (len(tokens) > 2 and tokens[-3].text == "." or initial(following[:2]))


def initial(tokens) -> bool:
    """Whether two tokens are a Latin letter's name and a dot joined to it: "إتش." (also kg.extract's)."""
    return len(tokens) == 2 and normalise_arabic(tokens[0].text) in LETTER_NAMES and tokens[1].text == "." \
        and tokens[0].end_char == tokens[1].start_char


def _sentences(doc, known: frozenset[str], limit: int) -> list[list[dict]]:
    """The tokenized sentences as CoNLL-U dicts, names kept whole, cut into runs of ``limit`` words."""
    pieces = []
    for tokens in _joined_at_pauses(doc.sentences):
        current, words = [], 0
        for token in tokens:
            group = _token_entries(token, known)
            size = _word_count(group)
            if current and words + size > limit:
                pieces.append(_numbered(current))
                current, words = [], 0
            current.append(group)
            words += size
        pieces.append(_numbered(current))
    return pieces


NeedsTree = Callable[[object], bool]  # a tagged stanza Sentence -> whether to parse it deeply


class Parser:
    """A loaded pipeline with the known words that keep names whole: text in, Stanza Document out."""

    def __init__(self, models: ModelSet | None = None, processors: tuple[str, ...] = PROCESSORS,
                 use_gpu: bool = False):
        self.models = models or resolve_models()
        self.pipeline = load_pipeline(self.models, processors, use_gpu=use_gpu)
        self.known_words = vocabulary(self.models)

    def __call__(self, text: str):
        return parse(text, self.pipeline, self.known_words)

    def parse_many(self, texts: list[str], needs_tree: NeedsTree | None = None) -> list:
        return parse_many(texts, self.pipeline, self.known_words, needs_tree)

    def complete(self, docs: list, needs_tree: NeedsTree | None = None) -> int:
        return complete(docs, self.pipeline, needs_tree)


def parse(text: str, pipeline, known: frozenset[str] = frozenset()):
    """Parse one text into a Stanza Document; blank text gives an empty document."""
    return parse_many([text], pipeline, known)[0]


def parse_many(texts: list[str], pipeline, known: frozenset[str] = frozenset(),
               needs_tree: NeedsTree | None = None) -> list:
    """Parse texts into one Stanza Document each; a blank text gives an empty document.

    Each stage runs once over all the texts, so the tagger and parser batch the sentences of many
    paragraphs together: 1.5x faster than one call per paragraph, with the same parses (measured
    in docs/corpus-scale.md). Tokenizing first lets the clitic splits be checked against ``known``
    words and an overlong "sentence" (a list, a page without punctuation) be cut before the tagger
    and parser see it. With ``needs_tree``, only the tagged sentences it accepts get a tree and
    named entities (``complete``).
    """
    import stanza

    filled = [text for text in texts if text.strip()]
    tokenized = pipeline.process([stanza.Document([], text=join_acronyms(text.translate(ASCII_QUOTES)))
                                  for text in filled],
                                 processors="tokenize,mwt")
    docs = [stanza.Document(_sentences(doc, known, MAX_SENTENCE_WORDS), text=text)
            for doc, text in zip(tokenized, filled)]
    tagging = [name for name in pipeline.processors if name not in ("tokenize", "mwt", *DEEP)]
    if docs and tagging:
        pipeline.process(docs, processors=tagging)
    complete(docs, pipeline, needs_tree)
    parsed = iter(docs)
    return [_as_written(next(parsed)) if text.strip() else stanza.Document([], text=text) for text in texts]


def treeless(docs: list, needs_tree: NeedsTree | None = None) -> list:
    """The sentences of ``docs`` without a tree that ``needs_tree`` accepts (all when it is None)."""
    return [sentence for doc in docs for sentence in doc.sentences
            if sentence.words and sentence.words[0].head is None and (needs_tree is None or needs_tree(sentence))]


def complete(docs: list, pipeline, needs_tree: NeedsTree | None = None) -> int:
    """Give a tree and named entities to the tagged sentences of ``docs`` that have none and that
    ``needs_tree`` accepts (all when it is None); returns how many were parsed.

    A sentence that cannot hold a statement needs neither, and the parser and the NER tagger are
    the pipeline's costliest half. A sentence parsed this way later (from the parse cache) is
    parsed as it would have been at first: both models read one sentence at a time, its tags and
    lemmas, and its words as they read them then (``as_read``), not as written.
    """
    import stanza

    deep = [name for name in DEEP if name in pipeline.processors]
    sentences = treeless(docs, needs_tree)
    if not deep or not sentences:
        return 0
    batch = stanza.Document([])  # as Stanza batches documents: one document of the same sentence objects
    batch.sentences = sentences
    batch.num_tokens = sum(len(s.tokens) for s in sentences)
    batch.num_words = sum(len(s.words) for s in sentences)
    written = [(item, item.text) for s in sentences for token in s.tokens for item in (token, *token.words)]
    for item, text in written:
        item.text = as_read(text)
    try:
        pipeline.process([batch], processors=deep)
    finally:
        for item, text in written:
            item.text = text
    if "ner" in deep:
        for doc in docs:
            doc.build_ents()
    return len(sentences)


def _as_written(doc):
    """The parse with the text as written put back into tokens (and one-word tokens' words): the
    diacritics and quotation marks the models did not see. A split token's words keep the expander's
    bare forms, as the treebank writes them (kg.text.written_word reads them as written)."""
    for token in doc.iter_tokens():
        written = doc.text[token.start_char:token.end_char]
        if written != token.text:
            token.text = written
            if len(token.words) == 1:
                token.words[0].text = written
            elif joined_acronym(token):  # after its proclitics: و + ل + سي إن إن
                token.words[-1].text = written[len(token.words) - 1:]
    return doc
