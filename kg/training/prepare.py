"""Write every training and evaluation file the trainers need, from ../shared/data.

    python -m kg.training.prepare SHARED_DATA WORK_DIR

Layout under WORK_DIR/data (``ar_kg`` is the short name of all our models):

* ``ud/ar_kg.{train,dev,test}.gold.conllu`` — tokenizer, MWT and tagger data:
  padt_pos train (+ all of PUD) / padt_pos dev / padt_pos test, with the raw text
  (``ar_kg.SPLIT.txt``), character labels and MWT dictionaries the tokenizer trains on.
* ``tree/ar_kg.{train,dev,test}.gold.conllu`` — lemmatizer and parser data:
  PUD + padt_v1 dev, 1 sentence in 10 held out as dev / padt_v1 test.
* ``ner/ar_kg.{train,dev}.json`` — AQMAR train+dev + ANERcorp train + NewsFANE (less every
  sentence that shares a word 5-gram with a test set: NewsFANE reuses ANERcorp text), 1 in 20 held out;
  ``ner/ar_aqmar.test.json`` and ``ner/ar_anercorp.test.json`` for evaluation only.

Test splits never enter training.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.training import treebanks as tb

PARAGRAPH_SIZE = 6  # sentences joined per paragraph, so the tokenizer learns sentence ends
PADT_FLAT = {"train": "ar_padt-ud-train.txt", "dev": "ar_padt-ud-dev.txt", "test": "ar_padt-ud-test.txt"}
PUD = "ud/pud/ar_pud-ud-test.conllu"
ANERCORP = "ner/anercorp/ANERCorp_CamelLabSplit_reconstructed_{}.txt"
NEWSFANE = "ner/newsfane/NewsFANE_Gold_2014_170K.coarse.tsv"
# NewsFANE's coarse classes onto the four of AQMAR and ANERcorp, where states and places are LOC.
NEWSFANE_CLASSES = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
OVERLAP_NGRAM = 5


def write_ud_split(data: Path, out: Path, split: str) -> Path:
    sentences = tb.read_padt_flat(data / "ud/padt_pos" / PADT_FLAT[split])
    if split == "train":
        sentences += [tb.pud_with_multiword_tokens(s) for s in tb.read_conllu(data / PUD)]
    sentences = [tb.Sentence(s.comments, [tb.padt_tags(r) for r in s.rows]) for s in sentences]
    path = out / f"ud/ar_kg.{split}.gold.conllu"
    tb.write_conllu(sentences, path, PARAGRAPH_SIZE)
    return path


def raw_text(conllu: Path) -> Path:
    """The running text of a CoNLL-U file, rebuilt by Stanza's converter (paragraphs kept)."""
    from stanza.utils.datasets.conllu_to_text import convert_text

    text = conllu.with_name(conllu.name.replace(".gold.conllu", ".txt"))
    convert_text(str(conllu), str(text))
    return text


def stanza_tokenizer_files(ud: Path) -> None:
    """Character labels and MWT dictionaries, made by Stanza's own converters."""
    def stanza(module: str, *args: str) -> None:
        subprocess.run([sys.executable, "-m", f"stanza.utils.datasets.{module}", *args], cwd=ud, check=True)

    for split in PADT_FLAT:
        raw_text(ud / f"ar_kg.{split}.gold.conllu")
        stanza("prepare_tokenizer_data", f"ar_kg.{split}.txt", f"ar_kg.{split}.gold.conllu",
               "-o", f"./ar_kg-ud-{split}.toklabels", "-m", f"./ar_kg-ud-{split}-mwt.json")
    stanza("contract_mwt", "ar_kg.dev.gold.conllu", "ar_kg.dev.in.conllu")


def write_tree_test(data: Path, out: Path) -> Path:
    path = out / "tree/ar_kg.test.gold.conllu"
    tb.write_conllu([tb.tree_from_v1(s) for s in tb.read_conllu(data / "ud/padt_v1/ar-ud-test.conllu")], path)
    return path


def prepare_trees(data: Path, out: Path) -> None:
    pud = [tb.tree_from_v2(s) for s in tb.read_conllu(data / PUD)]
    v1_dev = [tb.tree_from_v1(s) for s in tb.read_conllu(data / "ud/padt_v1/ar-ud-dev.conllu")]
    trees = pud + v1_dev
    tb.write_conllu([s for i, s in enumerate(trees) if i % 10], out / "tree/ar_kg.train.gold.conllu")
    tb.write_conllu(trees[::10], out / "tree/ar_kg.dev.gold.conllu")
    write_tree_test(data, out)


def read_ner(path: Path) -> list[list[tuple[str, str]]]:
    """A two-column NER file with labels unified to PER / ORG / LOC / MISC."""
    from stanza.utils.datasets.ner.convert_ar_aqmar import normalize_tags, read_sentences

    with open(path, encoding="utf-8") as f:
        sentences = normalize_tags(read_sentences(f))
    return [[(word, tag.replace("PERS", "PER")) for word, tag in s] for s in sentences]


def write_ner(sentences_by_split: dict[str, list], out: Path, short_name: str) -> None:
    from stanza.utils.datasets.ner.utils import write_dataset

    (out / "ner").mkdir(parents=True, exist_ok=True)
    splits = tuple(sentences_by_split)
    write_dataset(list(sentences_by_split.values()), out / "ner", short_name, shard_names=splits, shards=splits)


def write_ner_tests(data: Path, out: Path) -> dict[str, Path]:
    write_ner({"test": read_ner(data / "ner/aqmar/test.txt")}, out, "ar_aqmar")
    write_ner({"test": read_ner(data / ANERCORP.format("test"))}, out, "ar_anercorp")
    return {"ner_aqmar": out / "ner/ar_aqmar.test.json", "ner_anercorp": out / "ner/ar_anercorp.test.json"}


def ngrams(sentence: list[tuple[str, str]], n: int = OVERLAP_NGRAM) -> set[tuple[str, ...]]:
    words = [word for word, _ in sentence]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def read_newsfane(data: Path, tests: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """NewsFANE in the four classes, without any sentence that shares a 5-gram with a test set."""
    seen_in_tests = set().union(*(ngrams(s) for s in tests))
    sentences = [[(word, tag[:2] + NEWSFANE_CLASSES.get(tag[2:], "MISC") if tag != "O" else tag) for word, tag in s]
                 for s in read_ner(data / NEWSFANE)]
    return [s for s in sentences if not ngrams(s) & seen_in_tests]


def prepare_ner(data: Path, out: Path) -> None:
    train = read_ner(data / "ner/aqmar/train.txt") + read_ner(data / "ner/aqmar/dev.txt")
    train += read_ner(data / ANERCORP.format("train"))
    tests = read_ner(data / "ner/aqmar/test.txt") + read_ner(data / ANERCORP.format("test"))
    train += read_newsfane(data, tests)
    write_ner({"train": [s for i, s in enumerate(train) if i % 20], "dev": train[::20]}, out, "ar_kg")
    write_ner_tests(data, out)


def test_files(data: Path, out: Path) -> dict[str, Path]:
    """Only the evaluation files: what ``kg models eval`` needs."""
    ud_gold = write_ud_split(data, out, "test")
    return {"ud_gold": ud_gold, "ud_text": raw_text(ud_gold), "trees": write_tree_test(data, out),
            **write_ner_tests(data, out)}


def main(data: str, work: str) -> None:
    data_dir, out = Path(data), Path(work) / "data"
    for split in PADT_FLAT:
        write_ud_split(data_dir, out, split)
    stanza_tokenizer_files(out / "ud")
    prepare_trees(data_dir, out)
    prepare_ner(data_dir, out)


if __name__ == "__main__":
    main(*sys.argv[1:3])
