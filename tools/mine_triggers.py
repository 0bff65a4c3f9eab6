"""Mine the news corpus for words that govern a content clause and are not triggers yet.

Issue 15, item 4: grow the trigger lexicon from the corpus, not from the gold. The method:

1. ``count``: read every article of the corpus (JSON Lines, xz) and find the content-clause
   markers: أن / إن / أنّ (also بأن, and with a pronoun: أنه, إنها), a colon, or an opening
   quotation mark. For each, keep the up to three words before it (no punctuation between):
   the candidate governor is one of them ("وأقر بأن", "وأقر الوزير بأن", "ورأى الوزير أمس أن").
   Counts of every such window, of every word form in the corpus, and two short snippets per
   form go to a pickle.
2. ``lemmatise``: the top forms (by how often they stand in a window) are lemmatised in
   context with the models kg uses (tokenize, mwt, pos, lemma; no parser) on their snippets,
   so each form gets the lemma the extractor will look up.
3. ``candidates``: each window is given to the nearest word in it that is already a trigger
   (or a support verb or the head of a trigger phrase): "قال الرئيس إن" is قال's, and الرئيس is
   not counted. Windows with no trigger count for each content word in them, grouped by lemma
   (a form never lemmatised falls back on a crude stem). Writes a TSV: lemma, position count,
   count at distance 0 / 1 / 2, by marker (أن, colon, quote), corpus frequency of its forms,
   the share of them in the position, its top forms and the UPOS the tagger gave.
4. ``measure LEMMA...``: how many windows (marker occurrences, about one a sentence) no trigger
   owns and the given lemmas would: the cheap estimate of the statements they add.
5. ``support STORE``: the nouns a support verb expresses ("أعرب (الوزير) عن تقديره"), from the parse
   cache of a built store: the source of kg:supportedTriggerLemma (session 7: the 70 most frequent
   in work/corpus/news5k, 5,200 news articles; 17 typed by hand, the rest no acts or known).

The run behind ontology/mined-triggers.tsv (2 min, 4 min on one core, seconds):

    git show 0b921e7:ontology/statement-types.ttl > /tmp/mine/base.ttl   # the lexicon before
    .venv/bin/python tools/mine_triggers.py count ../shared/data/news/arabic_news.jsonl.xz -o /tmp/mine/windows.pkl
    .venv/bin/python tools/mine_triggers.py lemmatise /tmp/mine/windows.pkl -n 12000 -o /tmp/mine/lemmas.json
    .venv/bin/python tools/mine_triggers.py candidates /tmp/mine/windows.pkl /tmp/mine/lemmas.json \
        --base-ttl /tmp/mine/base.ttl --top 20000 -o /tmp/mine/candidates.tsv
    .venv/bin/python tools/mine_triggers.py measure /tmp/mine/windows.pkl /tmp/mine/lemmas.json \
        --base-ttl /tmp/mine/base.ttl أصر ألمح ... لافت:anna "ثقة^support" كتب@VERB
"""
from __future__ import annotations

import argparse
import json
import lzma
import pickle
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from kg.text import QUOTATION_MARKS, normalise_arabic

SUPPORT_WINDOW = 12  # words from a support verb to its عن: "أعرب وزير الخارجية الألماني فرانك شتاينماير عن"
WINDOW = 3  # the marker's governor and up to two words between it and the marker
TOKEN = re.compile(r"[\u0621-\u063A\u0640-\u065F\u0670-\u06D3]+|[A-Za-z0-9\u0660-\u0669]+|\S")
# Normalised أن / إن / أنّ, بأن, with an attached pronoun; not لأن 'because', كأن 'as if', وأن / فإن
# (a coordinated or resumed clause, whose governor is further back).
ANNA = re.compile(r"^ب?ان(ه|ها|هم|هما|هن|نا|ني|ي|ك|كم|كما)?$")
COLON = ":"
# Function words: never candidates themselves, but they may stand between a governor and the marker.
FUNCTION_WORDS = frozenset(normalise_arabic(w) for w in """
في من على إلى الى عن مع ب ل و ف ك هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين ما ماذا لا لم لن قد
لقد كما كان كانت يكون تكون ثم حيث حين عند بعد قبل أمام خلال منذ حتى أو أم بل لكن ولكن إذ إذا إلا غير
هو هي هم هما نحن أنا أنت كل بعض أي أيضا فقط الا ضد بين دون نحو لدى وفي ومن وعلى فيه فيها منه منها عليه
عليها إليه إليها عنه عنها له لها لهم به بها بهم معه معها فيما بما مما عما كذلك هناك هنا ذاته نفسه نفسها
أمس اليوم الآن مساء صباح
""".split())
STEM_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف")
STEM_SUFFIXES = ("هما", "كما", "تما", "تم", "ها", "هم", "هن", "نا", "كم", "ون", "ين", "ان", "ات", "وا", "ت", "ه", "ي", "ك")


def articles(path: str):
    opener = lzma.open if path.endswith(".xz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield record.get("title") or "", record.get("text") or ""


def tokens(text: str) -> list[tuple[str, bool, bool]]:
    """(token, space before, space after) for each word or punctuation mark."""
    found = []
    for match in TOKEN.finditer(text):
        start, end = match.span()
        found.append((match.group(), start == 0 or text[start - 1].isspace(),
                      end == len(text) or text[end].isspace()))
    return found


def is_word(token: str) -> bool:
    return token[0].isalnum()


def marker(toks, i) -> str | None:
    """The kind of content-clause marker at ``toks[i]``, or None."""
    text, space_before, space_after = toks[i]
    if text == COLON:
        return "colon"
    if text in QUOTATION_MARKS:
        if i > 0 and toks[i - 1][0] == COLON:
            return None  # "قال: «...": the colon is the marker, counted once
        # an opening mark: loose before, glued to the quoted word after (a closing one is the reverse)
        return "quote" if space_before and not space_after else None
    if is_word(text) and ANNA.match(normalise_arabic(text)):
        return "anna"
    return None


def windows_of(text: str):
    """Each marker's window: the up to WINDOW words before it, normalised, and the marker kind;
    with the raw snippet (eight words before, four after) it was found in."""
    toks = tokens(text)
    for i in range(len(toks)):
        kind = marker(toks, i)
        if kind is None:
            continue
        j = i - 1
        words = []
        while j >= 0 and len(words) < WINDOW and is_word(toks[j][0]) and not marker(toks, j):
            words.append(j)
            j -= 1
        if not words:
            continue
        words.reverse()
        start = max(0, words[0] - 8)
        snippet = " ".join(t[0] for t in toks[start:i + 5])
        yield tuple(normalise_arabic(toks[k][0]) for k in words), kind, [toks[k][0] for k in words], snippet


def count(args) -> None:
    windows, totals = Counter(), Counter()
    snippets: dict[str, list[tuple[str, str]]] = defaultdict(list)  # form: (as written, snippet), two at most
    n = 0
    for title, text in articles(args.corpus):
        n += 1
        for paragraph in (title, *text.split("\n")):
            for tok in TOKEN.findall(paragraph):
                if tok[0].isalnum():
                    totals[normalise_arabic(tok)] += 1
            for words, kind, raw, snippet in windows_of(paragraph):
                windows[(words, kind)] += 1
                for form, written in zip(words, raw):
                    if len(snippets[form]) < 2 and snippet not in (s for _, s in snippets[form]):
                        snippets[form].append((written, snippet))
        if n % 10000 == 0:
            print(f"{n} articles, {sum(windows.values())} markers", file=sys.stderr)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "wb") as out:
        pickle.dump({"articles": n, "windows": windows, "totals": totals, "snippets": dict(snippets)}, out)
    print(f"{n} articles, {sum(windows.values())} markers, {len(windows)} distinct windows", file=sys.stderr)


def form_positions(windows: Counter) -> Counter:
    positions = Counter()
    for (words, _), c in windows.items():
        for form in words:
            if form not in FUNCTION_WORDS:
                positions[form] += c
    return positions


def lemmatise(args) -> None:
    """Lemma and UPOS of the top forms, each in its snippets, with the models kg parses with."""
    import torch
    from kg.nlp import Parser

    torch.set_num_threads(1)  # a corpus build runs on the other core
    data = pickle.load(open(args.windows, "rb"))
    top = [form for form, _ in form_positions(data["windows"]).most_common(args.n)]
    parser = Parser(processors=("tokenize", "mwt", "pos", "lemma"))
    jobs = [(form, written, snippet) for form in top for written, snippet in data["snippets"][form]]
    result: dict[str, Counter] = defaultdict(Counter)
    for b in range(0, len(jobs), args.batch):
        batch = jobs[b:b + args.batch]
        docs = parser.parse_many([snippet for _, _, snippet in batch])
        for (form, written, _), doc in zip(batch, docs):
            hit = find_word(doc, written)
            if hit:
                result[form][f"{hit.lemma}\t{hit.upos}"] += 1
        print(f"{b + len(batch)}/{len(jobs)} snippets", file=sys.stderr)
    out = {form: [key.split("\t") for key, _ in result[form].most_common()] for form in top if form in result}
    Path(args.output).write_text(json.dumps(out, ensure_ascii=False, indent=0), encoding="utf-8")


CONTENT_UPOS = ("VERB", "NOUN", "ADJ", "X", "PROPN", "ADV", "NUM")


def find_word(doc, written: str):
    """The content word of the token written as ``written`` (و + أقر -> أقر)."""
    target = normalise_arabic(written)
    for sentence in doc.sentences:
        for token in sentence.tokens:
            if normalise_arabic(token.text) == target:
                content = [w for w in token.words if w.upos in CONTENT_UPOS] or sorted(token.words, key=lambda w: -len(w.text))
                return content[0]
    return None


def stem(form: str) -> str:
    for prefix in STEM_PREFIXES:
        if form.startswith(prefix) and len(form) - len(prefix) >= 3:
            form = form[len(prefix):]
            break
    for suffix in STEM_SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            return form[:-len(suffix)]
    return form


class Keys:
    """Each form's lemma key (its Stanza lemma, else a crude stem) and whether it is a trigger."""

    def __init__(self, lemmas: dict[str, list]):
        from kg.ontology import trigger_index

        self.index = trigger_index()
        self.lemmas = lemmas
        self.known = set(self.index.lemmas) | set(self.index.support_verbs) | {p[0] for p, _ in self.index.phrases} \
            | set(self.index.according_to) | set(self.index.impersonal_forms)
        self.added: set[str] = set()

    def key(self, form: str) -> tuple[str, str]:
        if form in self.lemmas:
            lemma, upos = self.lemmas[form][0]
            return normalise_arabic(lemma), upos
        return "~" + stem(form), "?"

    def trigger(self, form: str) -> bool:
        lemma, upos = self.key(form)
        keys = {lemma, form} | ({"ا" + lemma} if upos == "VERB" else set())
        return bool(keys & (self.known | self.added))

    def owner(self, words: tuple[str, ...]) -> int | None:
        """Index in ``words`` of the trigger nearest the marker, if any."""
        return next((i for i in reversed(range(len(words))) if self.trigger(words[i])), None)


def candidates(args) -> None:
    if args.base_ttl:  # the lexicon the candidates were mined against, before any were added
        use_statement_types(args.base_ttl)
    data = pickle.load(open(args.windows, "rb"))
    keys = Keys(json.loads(Path(args.lemmas).read_text(encoding="utf-8")))
    owned = Counter()
    stats: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, Counter] = defaultdict(Counter)
    for (words, kind), c in data["windows"].items():
        owner = keys.owner(words)
        if owner is not None:
            owned[keys.key(words[owner])[0]] += c
            continue
        seen = set()
        for i, form in enumerate(words):
            if form in FUNCTION_WORDS:
                continue
            lemma, upos = keys.key(form)
            if lemma in seen:
                continue
            seen.add(lemma)
            gap = len(words) - 1 - i
            stats[lemma].update({"n": c, f"gap{gap}": c, kind: c, f"upos:{upos}": c})
            forms[lemma][form] += c
    totals = data["totals"]
    rows = []
    for lemma, s in stats.items():
        total = sum(totals[f] for f in forms[lemma]) or 1
        upos = Counter({k[5:]: v for k, v in s.items() if k.startswith("upos:")}).most_common(1)[0][0]
        top = ",".join(f"{f}:{c}" for f, c in forms[lemma].most_common(5))
        rows.append((s["n"], lemma, s["gap0"], s["gap1"], s["gap2"], s["anna"], s["colon"], s["quote"],
                     total, f"{s['n'] / total:.3f}", upos, top))
    rows.sort(key=lambda r: -r[0])
    with open(args.output, "w", encoding="utf-8") as out:
        out.write("count\tlemma\tgap0\tgap1\tgap2\tanna\tcolon\tquote\tcorpus\tshare\tupos\tforms\n")
        for row in rows[:args.top]:
            out.write("\t".join(map(str, row)) + "\n")
    print(f"{sum(data['windows'].values())} markers; {sum(owned.values())} owned by a trigger already; "
          f"{len(rows)} candidate lemmas", file=sys.stderr)
    if args.owned:
        Path(args.owned).write_text("\n".join(f"{c}\t{l}" for l, c in owned.most_common()), encoding="utf-8")


def use_statement_types(path: str) -> None:
    """Read the ontology with ``path`` for statement-types.ttl (e.g. the version before a change)."""
    import shutil
    import tempfile
    import kg.lexicon
    from kg.lexicon import ontology_dir

    folder = Path(tempfile.mkdtemp(prefix="kg-ontology-"))
    for ttl in ontology_dir().glob("*.ttl"):
        shutil.copy(ttl, folder)
    shutil.copy(path, folder / "statement-types.ttl")
    kg.lexicon._SEARCH_PATH = (folder,)


def measure(args) -> None:
    """Windows (marker occurrences, about one a sentence) that the given words would own: no
    trigger of the lexicon is in the window, and the word is. ``LEMMA:anna`` counts only before
    أن / إن (for the phrases "أقر أن", "معلن أن"), ``LEMMA^support`` only with a support verb in the
    window (أعرب عن ثقته بأن); ``LEMMA@VERB``, ``LEMMA@ADJ`` only where the form was tagged so (in
    its snippets: kg:verbTriggerLemma, kg:participleTriggerLemma)."""
    if args.base_ttl:  # the lexicon before the words were added: their windows are not owned yet
        use_statement_types(args.base_ttl)
    data = pickle.load(open(args.windows, "rb"))
    keys = Keys(json.loads(Path(args.lemmas).read_text(encoding="utf-8")))
    index = keys.index
    keys.known = set(index.lemmas) | set(index.according_to) | set(index.impersonal_forms)
    support = set(index.support_verbs)
    wanted = []
    for item in args.lemma:
        item, _, upos = item.partition("@")
        lemma, _, condition = item.replace("^", ":^").partition(":")
        wanted.append((normalise_arabic(lemma), condition, upos))
    gained, total = Counter(), 0
    for (words, kind), c in data["windows"].items():
        if keys.owner(words) is not None:
            continue
        tagged = [keys.key(w) for w in words]
        lemmas = {lemma for lemma, _ in tagged} | set(words)
        for lemma, condition, upos in wanted:
            found = [t for w, t in zip(words, tagged) if lemma in (t[0], w) or (t[1] == "VERB" and lemma == "ا" + t[0])]
            if not found or (upos and not any(t[1] == upos for t in found)) \
                    or (condition == "anna" and kind != "anna") or (condition == "^support" and not (lemmas & support)):
                continue
            gained[lemma] += c
            total += c
            break
    print(f"{sum(data['windows'].values())} markers; the given words would own {total} that no trigger owns")
    for lemma, c in gained.most_common():
        print(f"{c}\t{lemma}")


def support(args) -> None:
    """Nouns that a support verb expresses: "أعرب (X) عن تقديره", "عبر عن أمله", "أبدى استعداده".
    Read from the parse cache of a built store (our lemmas and tags), the first noun after the
    first عن within SUPPORT_WINDOW words of a support verb, counted by lemma, with how many of them
    the lexicon already knows as a trigger or the second word of a trigger phrase."""
    import gzip
    import stanza
    from kg.extract.sentence import key, verb_keys
    from kg.ontology import trigger_index

    index = trigger_index()
    supports = set(index.support_verbs)
    phrased = {words[-1] for words, _ in index.phrases}
    counts, known, examples = Counter(), Counter(), {}
    for path in sorted(Path(args.store, "parses").glob("*/*.json.gz")):
        entry = json.loads(gzip.decompress(path.read_bytes()))
        for paragraph in entry["paragraphs"]:
            for sentence in stanza.Document(paragraph["sentences"], text=paragraph["text"]).sentences:
                words = sentence.words
                for i, word in enumerate(words):
                    if supports.isdisjoint(verb_keys(word)):
                        continue
                    after = words[i + 1:i + 1 + SUPPORT_WINDOW]
                    at = next((j for j, w in enumerate(after) if key(w) == "عن"), None)
                    noun = next((w for w in after[at + 1:at + 3] if w.upos == "NOUN"), None) if at is not None else None
                    if noun is None:
                        continue
                    lemma = key(noun)
                    counts[lemma] += 1
                    known[lemma] += lemma in index.lemmas or lemma in phrased
                    examples.setdefault(lemma, sentence.text[:90])
    for lemma, c in counts.most_common(args.top):
        print(f"{c}\t{'trigger' if known[lemma] else '-'}\t{lemma}\t{examples[lemma]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(required=True)
    p = sub.add_parser("count"); p.add_argument("corpus"); p.add_argument("-o", "--output", required=True)
    p.set_defaults(run=count)
    p = sub.add_parser("lemmatise"); p.add_argument("windows"); p.add_argument("-n", type=int, default=4000)
    p.add_argument("--batch", type=int, default=200); p.add_argument("-o", "--output", required=True)
    p.set_defaults(run=lemmatise)
    p = sub.add_parser("candidates"); p.add_argument("windows"); p.add_argument("lemmas")
    p.add_argument("--top", type=int, default=1000); p.add_argument("--owned")
    p.add_argument("--base-ttl", help="statement-types.ttl to mine against (git show REV:ontology/statement-types.ttl)")
    p.add_argument("-o", "--output", required=True); p.set_defaults(run=candidates)
    p = sub.add_parser("measure"); p.add_argument("windows"); p.add_argument("lemmas"); p.add_argument("lemma", nargs="+")
    p.add_argument("--base-ttl", help="statement-types.ttl before the change (git show REV:ontology/statement-types.ttl)")
    p.set_defaults(run=measure)
    p = sub.add_parser("support"); p.add_argument("store"); p.add_argument("--top", type=int, default=60)
    p.set_defaults(run=support)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
