"""Convert the UD treebanks of ../shared/data/ud into the CoNLL-U files Stanza's trainers read.

Three shapes of data arrive here:

* ``padt_pos`` — PADT flattened to ``tokens<TAB>tags``: no trees, no lemmas, no SpaceAfter.
  We recover each multi-word token's words and rebuild realistic raw text by gluing
  punctuation to its neighbours, as it stands in news text.
* ``pud`` — full trees, clitics as separate words glued with ``SpaceAfter=No``:
  each glued run of non-punctuation words becomes a multi-word token, as in PADT.
* ``padt_v1`` — full trees of UD v1 with vocalised forms: diacritics are stripped and
  relations renamed to UD v2.

PADT tags proper names ``X``; PUD tags them ``PROPN``. All training data follows PADT,
the test set of the published scores, so PUD's ``PROPN`` becomes ``X``.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.text import strip_diacritics

Row = list[str]  # the ten CoNLL-U columns
SENTENCE_STOPS = {".", "!", "?", "؟", ":", "»", '"', "…"}


@dataclass
class Sentence:
    comments: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def read_conllu(path: Path) -> list[Sentence]:
    sentences, current = [], Sentence()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current.rows:
                sentences.append(current)
            current = Sentence()
        elif line.startswith("#"):
            current.comments.append(line)
        else:
            current.rows.append(line.split("\t"))
    if current.rows:
        sentences.append(current)
    return sentences


def write_conllu(sentences: list[Sentence], path: Path, paragraph_size: int = 0) -> None:
    """Write sentences; with ``paragraph_size``, a paragraph holds that many sentences at most and
    ends after a sentence without a final stop, as a headline or a list item stands on its own line.

    Stanza's ``conllu_to_text`` joins the sentences of a paragraph into one running text,
    so the tokenizer has to learn where sentences end.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        in_paragraph = 0
        for sentence in sentences:
            comments = [c for c in sentence.comments if not c.startswith(("# newdoc", "# newpar", "# text"))]
            if paragraph_size and in_paragraph == 0:
                comments.insert(0, "# newpar")
            in_paragraph = (in_paragraph + 1) % paragraph_size if paragraph_size and _stopped(sentence) else 0
            out.write("".join(c + "\n" for c in comments))
            out.write("".join("\t".join(row) + "\n" for row in sentence.rows) + "\n")


def _stopped(sentence: Sentence) -> bool:
    """Whether a sentence ends with a full stop, a question or exclamation mark, or a closing quote or colon."""
    return bool(sentence.rows) and sentence.rows[-1][1] in SENTENCE_STOPS


def is_multiword(row: Row) -> bool:
    return "-" in row[0]


def words_of(sentence: Sentence) -> list[Row]:
    return [row for row in sentence.rows if not is_multiword(row) and "." not in row[0]]


# --- padt_pos: flattened PADT ---------------------------------------------------------

def _skeleton(text: str) -> str:
    text = re.sub("[أإآٱ]", "ا", strip_diacritics(text))
    return text.replace("ة", "ت").replace("ى", "ي").replace("ئ", "ي").replace("ؤ", "و")


def _joined_skeleton(parts: list[str]) -> str:
    joined = ""
    for part in map(_skeleton, parts):
        if joined.endswith("ل") and part.startswith("ال"):  # ل + الخطر -> للخطر
            part = part[1:]
        if joined.endswith("ن") and part.startswith("م"):  # من + ما -> مما
            joined = joined[:-1]
        joined += part
    return joined


def _split_size(surface: str, following: list[str], tags: list[str]) -> int:
    """How many of the following words make up the multi-word token ``surface``."""
    best_score, best_size = -1.0, 2
    for size in (2, 3, 4):
        if len(following) < size or "_" in tags[:size]:
            break
        score = difflib.SequenceMatcher(None, _skeleton(surface), _joined_skeleton(following[:size])).ratio()
        if score > best_score + 1e-9:
            best_score, best_size = score, size
    return best_size


CLOSING_PUNCT = set(".,،:;؛?؟!)]}»…%")
OPENING_PUNCT = set("([{«")


def glue_punctuation(tokens: list[str]) -> list[bool]:
    """SpaceAfter for each surface token, as punctuation stands in running text."""
    space_after = [True] * len(tokens)
    quote_open = False
    for i, token in enumerate(tokens):
        closes = token in CLOSING_PUNCT or (token == '"' and quote_open)
        if token == '"':
            quote_open = not quote_open
        if closes and i > 0:
            space_after[i - 1] = False
        elif token in OPENING_PUNCT or token == '"':
            space_after[i] = False
    space_after[-1] = True
    return space_after


def _padt_flat_sentence(line: str, sent_id: str) -> Sentence | None:
    tokens_part, tags_part = line.split("\t")
    tokens, tags = tokens_part.split(" "), tags_part.split(" ")
    if "_" in tokens:  # a literal "_" form is ambiguous with the multi-word marker
        return None
    surface: list[str] = []
    groups: list[list[tuple[str, str]]] = []
    i = 0
    while i < len(tokens):
        if tags[i] == "_":
            size = _split_size(tokens[i], tokens[i + 1:i + 5], tags[i + 1:i + 5])
            groups.append(list(zip(tokens[i + 1:i + 1 + size], tags[i + 1:i + 1 + size])))
            surface.append(tokens[i])
            i += 1 + size
        else:
            groups.append([(tokens[i], tags[i])])
            surface.append(tokens[i])
            i += 1
    rows, word_id = [], 0
    for token, words, space in zip(surface, groups, glue_punctuation(surface)):
        misc = "_" if space else "SpaceAfter=No"
        if len(words) > 1:
            rows.append([f"{word_id + 1}-{word_id + len(words)}", token] + ["_"] * 7 + [misc])
            misc = "_"
        for form, upos in words:
            word_id += 1
            head, deprel = ("0", "root") if word_id == 1 else ("1", "dep")
            rows.append([str(word_id), form, "_", upos, "_", "_", head, deprel, "_", misc])
    return Sentence([f"# sent_id = {sent_id}"], rows)


def read_padt_flat(path: Path) -> list[Sentence]:
    """PADT ``tokens<TAB>tags`` lines as CoNLL-U sentences with multi-word tokens and UPOS.

    Heads are placeholders: these files train the tokenizer, MWT expander and tagger only.
    """
    sentences = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            sentence = _padt_flat_sentence(line, f"padt-{Path(path).stem}-{number}")
            if sentence:
                sentences.append(sentence)
    return sentences


# --- pud: clitics glued by SpaceAfter=No -------------------------------------------------

def _misc_without(misc: str, key: str) -> str:
    parts = [p for p in misc.split("|") if p not in ("_", "") and not p.startswith(key + "=")]
    return "|".join(parts) or "_"


def _glued(row: Row) -> bool:
    return "SpaceAfter=No" in row[9] and row[3] not in ("PUNCT", "SYM")


def pud_with_multiword_tokens(sentence: Sentence) -> Sentence:
    """Turn each run of non-punctuation words glued by SpaceAfter=No into one multi-word token."""
    words, rows, i = sentence.rows, [], 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and _glued(words[j]) and words[j + 1][3] not in ("PUNCT", "SYM"):
            j += 1
        if j > i:
            run = words[i:j + 1]
            misc = "SpaceAfter=No" if "SpaceAfter=No" in run[-1][9] else "_"
            rows.append([f"{run[0][0]}-{run[-1][0]}", "".join(w[1] for w in run)] + ["_"] * 7 + [misc])
            rows.extend(w[:9] + [_misc_without(w[9], "SpaceAfter")] for w in run)
        else:
            rows.append(words[i])
        i = j + 1
    return Sentence(sentence.comments, rows)


def padt_tags(row: Row) -> Row:
    """Keep form and UPOS (PADT's conventions) plus the tree; drop what the tagger does not learn."""
    upos = "X" if row[3] == "PROPN" else row[3]
    return [row[0], row[1], "_", upos, "_", "_", row[6], row[7], "_", row[9]] if not is_multiword(row) else row


# --- trees: pud and padt_v1 ---------------------------------------------------------------

V1_RELATIONS = {"dobj": "obj", "nsubjpass": "nsubj:pass", "csubjpass": "csubj:pass", "auxpass": "aux:pass",
                "neg": "advmod", "mwe": "fixed", "name": "flat", "foreign": "flat:foreign"}
PREDICATE_UPOS = {"VERB", "ADJ", "ADV", "AUX"}
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _tree_row(row: Row, upos: str, deprel: str) -> Row:
    form = strip_diacritics(row[1]).translate(ARABIC_DIGITS) or row[1]
    lemma = strip_diacritics(row[2]).translate(ARABIC_DIGITS) or row[2]
    return [row[0], form, lemma, upos, "_", "_", row[6], deprel, "_", "_"]


def tree_from_v1(sentence: Sentence) -> Sentence:
    """A UD v1 PADT tree in UD v2 terms: bare forms and lemmas, v2 relations and tags.

    v1 ``nmod`` on a predicate is v2 ``obl``; v1 ``CONJ`` is ``SCONJ`` when it marks a clause.
    """
    words = words_of(sentence)
    upos_of = {row[0]: row[3] for row in words}
    rows = []
    for row in words:
        deprel = V1_RELATIONS.get(row[7], row[7])
        if deprel.startswith("nmod") and upos_of.get(row[6]) in PREDICATE_UPOS:
            deprel = "obl" + deprel[4:]
        upos = row[3]
        if upos == "CONJ":
            upos = "SCONJ" if deprel == "mark" else "CCONJ"
        rows.append(_tree_row(row, upos, deprel))
    return Sentence(sentence.comments, rows)


def tree_from_v2(sentence: Sentence) -> Sentence:
    rows = [_tree_row(row, "X" if row[3] == "PROPN" else row[3], row[7]) for row in words_of(sentence)]
    return Sentence(sentence.comments, rows)
