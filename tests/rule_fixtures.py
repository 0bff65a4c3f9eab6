"""Extraction rule fixtures: short texts with their parse frozen, so rule tests need no model.

A fixture is one entry of ``tests/fixtures/extract/cases.json`` (its name, a description that is
its pytest id, its text as a list of lines, and every statement extracted from the whole text) and
``tests/fixtures/extract/NAME.conllu``, the parse of that text by the bundled models, frozen:

    # newdoc id = NAME
    # models = kg compact Arabic models (2026-11-23), stanza 1.15.0
    # line 1 = <the first line of the text>          one comment per line of the text
    # newpar id = p1
    # paragraph = <the cleaned paragraph, as ingest makes it>
    # sent_id = p1-s1
    # text = <the sentence>
    1-2  وأضاف  _  ...  start_char=0|end_char=5|ner=O   Stanza's CoNLL-U: offsets and NER in MISC

``load_parsed`` rebuilds the ParsedArticle from it without loading any model: the Article from the
text (``article_from_text(name, text, headline=False)``, as tests/test_extract.py makes it) and
one stanza Document per paragraph from its sentences, as kg.parses does for cached parses.

Each expected statement is ``{"line": N, "speaker": label, "type": id, "target": label or null,
"rules": {role: rule id}}``: ``line`` (the line of the text the sentence starts on) only in a text
of several lines, ``rules`` only when the extractor filled them. The comparison takes the whole
output of the text, in any order; it compares ``rules`` in a case whose expected statements have them.

    python tests/rule_fixtures.py                     # parse the cases without a frozen parse (new or changed text)
    python tests/rule_fixtures.py --update-expected   # ... and rewrite every case's statements from its frozen parse
    python tests/rule_fixtures.py --reparse [NAME ...]  # parse these cases again (every case without NAME)
    python tests/rule_fixtures.py --check             # parse every case live: same parse, same statements?

A new case: add its name, description and text to cases.json, then run ``--update-expected`` and
review the statements it wrote. A rule changed on purpose: ``--update-expected`` and the diff of
cases.json shows what changed. Parsing uses the bundled models (kg/data/models) only.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "fixtures" / "extract"
CASES = FOLDER / "cases.json"
FREEZE = "python tests/rule_fixtures.py"


@dataclass
class Case:
    name: str
    description: str
    lines: list[str]
    statements: list[dict] | None  # None: never recorded

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def parse_path(self) -> Path:
        return FOLDER / f"{self.name}.conllu"


class FixtureError(Exception):
    """A fixture that cannot be used as it is; the message says what to run."""


# --- cases.json -----------------------------------------------------------------------------

def _unique_keys(pairs: list[tuple]) -> dict:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise FixtureError(f"{CASES}: repeated keys {repeated}")
    return dict(pairs)


def load_cases(path: Path = CASES) -> list[Case]:
    entries = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_unique_keys)
    cases = [Case(name, entry["description"], entry["text"], entry.get("statements"))
             for name, entry in entries.items()]
    descriptions = [case.description for case in cases]
    if len(set(descriptions)) != len(descriptions):
        raise FixtureError(f"{path}: two cases have the same description (it is the test id)")
    return cases


def dump_cases(cases: list[Case], path: Path = CASES) -> None:
    """cases.json with one line per text line and per statement, so that a diff shows each change."""
    def value(item) -> str:
        return json.dumps(item, ensure_ascii=False)

    blocks = []
    for case in cases:
        lines = [f"  {value(case.name)}: {{", f'    "description": {value(case.description)},',
                 '    "text": [', ",\n".join(f"      {value(line)}" for line in case.lines), "    ]"]
        if case.statements is not None:
            lines[-1] += ","
            if case.statements:
                lines += ['    "statements": [', ",\n".join(f"      {value(s)}" for s in case.statements), "    ]"]
            else:
                lines.append('    "statements": []')
        blocks.append("\n".join(lines) + "\n  }")
    path.write_text("{\n" + ",\n".join(blocks) + "\n}\n", encoding="utf-8")


# --- frozen parses --------------------------------------------------------------------------

def article(case: Case):
    from kg.ingest import article_from_text

    return article_from_text(case.name, case.text, headline=False)


def _comment(key: str, value: str) -> str:
    if "\n" in value:
        raise FixtureError(f"a line break in the CoNLL-U comment {key!r}")
    return f"# {key} = {value}"


def models_line(models) -> str:
    manifest = models.manifest
    if not manifest:
        return models.describe()
    name, created, stanza = (manifest.get(key, "?") for key in ("name", "created", "stanza_version"))
    return f"{name} ({created}), stanza {stanza}"


def conllu(case: Case, parsed, models) -> str:
    """The frozen parse of ``case``: its text, paragraphs and Stanza's CoNLL-U of every sentence."""
    head = [_comment("newdoc id", case.name), _comment("models", models_line(models)),
            *(_comment(f"line {number}", line) for number, line in enumerate(case.lines, 1))]
    blocks = []
    for p, (paragraph, doc) in enumerate(zip(parsed.article.paragraphs, parsed.docs), 1):
        lines = [_comment("newpar id", f"p{p}"), _comment("paragraph", paragraph.text)]
        for s, sentence in enumerate(doc.sentences, 1):
            rows = [row for row in "{:C}".format(sentence).splitlines() if not row.startswith("#")]
            lines += [_comment("sent_id", f"p{p}-s{s}"), _comment("text", sentence.text), *rows]
            blocks.append("\n".join(head + lines))
            head, lines = [], []
        if lines:  # a paragraph without sentences
            raise FixtureError(f"{case.name}: paragraph {p} has no sentence")
    return "\n\n".join(blocks) + "\n\n"


def _blocks(text: str) -> list[tuple[dict, list[str]]]:
    """The sentences of a CoNLL-U text: (comments as a dict, all lines)."""
    found = []
    for block in text.strip("\n").split("\n\n"):
        lines = block.splitlines()
        comments = {}
        for line in lines:
            if line.startswith("# ") and " = " in line:
                key, value = line[2:].split(" = ", 1)
                comments[key] = value
        found.append((comments, lines))
    return found


def _restored(sentences: list[list[dict]]) -> list[list[dict]]:
    """Token dicts as the parser gave them (``Document.to_dict()``, what kg.parses caches): offsets
    and NER out of MISC into their own keys, and ``multi_ner``, which CoNLL-U does not keep, the
    ``ner`` tag again (the bundled models have one NER model)."""
    for sentence in sentences:
        for entry in sentence:
            rest = []
            for item in entry.pop("misc", "").split("|"):
                key, _, value = item.partition("=")
                if key in ("start_char", "end_char"):
                    entry[key] = int(value)
                elif key == "ner":
                    entry["ner"], entry["multi_ner"] = value, (value,)
                elif item:
                    rest.append(item)
            if rest:
                entry["misc"] = "|".join(rest)
    return sentences


def load_parsed(case: Case):
    """The ParsedArticle of ``case`` from its frozen parse; no model is loaded."""
    if not case.parse_path.exists():
        raise FixtureError(f"{case.name}: no frozen parse; run `{FREEZE}`")
    return read_parsed(case, case.parse_path.read_text(encoding="utf-8"))


def read_parsed(case: Case, frozen: str):
    """The ParsedArticle of ``case`` from ``frozen``, the CoNLL-U text ``conllu`` wrote for it."""
    import stanza
    from stanza.utils.conll import CoNLL

    from kg.records import ParsedArticle

    blocks = _blocks(frozen)
    header = blocks[0][0]
    lines = []
    while f"line {len(lines) + 1}" in header:
        lines.append(header[f"line {len(lines) + 1}"])
    if lines != case.lines:
        raise FixtureError(f"{case.name}: the frozen parse is of another text; run `{FREEZE}`")
    parsed_article = article(case)
    paragraphs: list[tuple[str, list[str]]] = []
    for comments, block in blocks:
        if "newpar id" in comments:
            paragraphs.append((comments["paragraph"], []))
        paragraphs[-1][1].append("\n".join(block))
    if [text for text, _ in paragraphs] != [p.text for p in parsed_article.paragraphs]:
        raise FixtureError(f"{case.name}: ingest now cleans the text into other paragraphs than the frozen "
                           f"parse has; run `{FREEZE} --reparse {case.name}`")
    docs = []
    for paragraph, (_, sentences) in zip(parsed_article.paragraphs, paragraphs):
        doc_dict, _, _ = CoNLL.conll2dict(input_str="\n\n".join(sentences) + "\n\n")
        docs.append(stanza.Document(_restored(doc_dict), text=paragraph.text))
    return ParsedArticle(parsed_article, docs)


# --- statements -----------------------------------------------------------------------------

def rows(case: Case, linked: list) -> list[dict]:
    """The statements as cases.json writes them, sorted: line, speaker, type, target, rules."""
    found = []
    for item in linked:
        statement = item.statement
        row = {"line": case.text.count("\n", 0, statement.sentence_start) + 1} if len(case.lines) > 1 else {}
        row |= {"speaker": item.speaker.label, "type": statement.type,
                "target": item.target.label if item.target else None}
        if statement.rules:
            row["rules"] = dict(sorted(statement.rules.items()))
        found.append(row)
    return sorted(found, key=_order)


def _order(row: dict) -> tuple:
    return (row.get("line", 1), row["speaker"], row["type"], row["target"] or "",
            json.dumps(row.get("rules", {}), sort_keys=True, ensure_ascii=False))


def comparable(case: Case, found: list[dict]) -> tuple[list[dict], list[dict]]:
    """(expected, found) in one shape: ``rules`` compared only when the case's statements have them."""
    expected = list(case.statements or [])
    with_rules = any("rules" in row for row in expected)
    if with_rules:
        expected = [{**row, "rules": row.get("rules", {})} for row in expected]
        found = [{**row, "rules": row.get("rules", {})} for row in found]
    else:
        found = [{key: value for key, value in row.items() if key != "rules"} for row in found]
    return sorted(expected, key=_order), sorted(found, key=_order)


def differences(expected: list[dict], found: list[dict]) -> str:
    """What is missing and what is extra, one statement a line."""
    missing, extra = list(expected), []
    for row in found:
        if row in missing:
            missing.remove(row)
        else:
            extra.append(row)
    dump = partial(json.dumps, ensure_ascii=False)
    return "".join([*(f"\n  missing: {dump(row)}" for row in missing), *(f"\n  extra:   {dump(row)}" for row in extra)])


# --- the freeze tool ------------------------------------------------------------------------

def _parse(builder, case: Case):
    """Every sentence with its tree, those a build would leave shallow too: a rule may come to need them."""
    from kg.records import ParsedArticle

    parsed = article(case)
    return ParsedArticle(parsed, builder.parser.parse_many([p.text for p in parsed.paragraphs]))


def _frozen_ok(case: Case) -> bool:
    try:
        load_parsed(case)
        return True
    except FixtureError:
        return False


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--update-expected", action="store_true",
                         help="rewrite the expected statements of every case from its frozen parse")
    options.add_argument("--reparse", nargs="*", metavar="NAME",
                         help="parse these cases again with the bundled models (every case without NAME)")
    options.add_argument("--check", action="store_true",
                         help="parse every case live and compare with the frozen parse and its extraction")
    args = options.parse_args(argv)

    from kg import nlp
    from kg.build import Builder

    cases = load_cases()
    known = {case.name for case in cases}
    unknown = sorted(set(args.reparse or ()) - known)
    if unknown:
        print(f"no such case: {', '.join(unknown)}", file=sys.stderr)
        return 2
    orphans = sorted(path.name for path in FOLDER.glob("*.conllu") if path.stem not in known)
    if orphans:
        print(f"frozen parses without a case (remove them?): {', '.join(orphans)}", file=sys.stderr)
    models = nlp.bundled_models()
    builder = Builder(models)
    reparse = known if args.reparse == [] else set(args.reparse or ())
    for case in cases:
        if case.name in reparse or not _frozen_ok(case):
            parsed = _parse(builder, case)
            case.parse_path.write_text(conllu(case, parsed, models), encoding="utf-8")
            print(f"parsed {case.name}")

    failures = 0
    if args.check:
        for case in cases:
            live, frozen = _parse(builder, case), load_parsed(case)
            same_parse = _parse_view(live) == _parse_view(frozen)
            same_statements = _full(builder.extract(live)) == _full(builder.extract(frozen))
            if not (same_parse and same_statements):
                failures += 1
                print(f"DIFFERS {case.name}: parse {'same' if same_parse else 'differs'}, "
                      f"statements {'same' if same_statements else 'differ'}")
        print(f"checked {len(cases)} cases against a live parse: {len(cases) - failures} identical")

    if args.update_expected:
        changed = []
        for case in cases:
            found = rows(case, builder.extract(load_parsed(case)))
            if found != case.statements:
                changed.append(case.name)
                case.statements = found
        dump_cases(cases)
        print(f"expected statements rewritten: {len(changed)} of {len(cases)} cases changed"
              + "".join(f"\n  {name}" for name in changed))
    return 1 if failures else 0


def _parse_view(parsed) -> list:
    """Each paragraph's text, sentences (text, CoNLL-U dicts) and entities, to compare two parses."""
    return [(doc.text, [(sentence.text, sentence.to_dict()) for sentence in doc.sentences],
             [entity.to_dict() for entity in doc.ents]) for doc in parsed.docs]


def _full(linked: list) -> list:
    """Everything extraction gives, to compare two runs field by field."""
    return [repr(item) for item in linked]


if __name__ == "__main__":
    sys.exit(main())
