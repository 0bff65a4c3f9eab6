"""Stage 1 of the pipeline: reading articles and cleaning them into paragraphs.

``read_articles`` streams ``Article`` records from text files, JSON Lines files (plain, ``.gz`` or
``.xz``) and folders of them. A bad input gives one ``IngestError`` in the stream and the batch goes
on. ``Article.text`` is the original text and never changes; every ``Paragraph`` maps its cleaned
text back into it, so evidence offsets found later point at the real article.

A .txt file: doc = file name without extension, the first line is the headline (and the title).
A JSON Lines record ``{id, text, title?, date?, source?, url?}``: doc = ``id``; with a title,
``Article.text`` is ``title + "\n" + text`` (the same layout as a .txt file), so the title is the
first paragraph and offsets count from the title's first character.
"""
from __future__ import annotations

import gzip
import json
import lzma
import re
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO, Callable

from kg.errors import KgError
from kg.lexicon import lexicon
from kg.records import Article, Paragraph

# ---------------------------------------------------------------------------------------------
# Boilerplate: every pattern the cleaning knows, in one place. They are matched against one line
# at a time, stripped of surrounding whitespace. Keep them general (a kind of line, not one site).
# Their words are lists in ontology/lexicon.ttl, matched as written.
# ---------------------------------------------------------------------------------------------
def _any(words: tuple[str, ...]) -> str:
    """A regex group matching any of ``words`` (longest first, as the lexicon gives them)."""
    return "(?:" + "|".join(map(re.escape, words)) + ")"


LEX = lexicon()

BOILERPLATE_LINES: tuple[re.Pattern[str], ...] = tuple(re.compile(pattern) for pattern in (
    rf"^{_any(LEX.follow_us_verbs)}\b.{{0,150}}{_any(LEX.social_networks)}",  # "follow us on Telegram / VK …"
    r"^(?:https?://|www\.)\S+$",  # a bare link, usually the target of the line above
    _any(LEX.subscription_phrases),  # SMS subscription, contact
    r"^\S+@\S+\.\w+$",  # a bare e-mail address
    rf"^.{{0,100}}{_any(LEX.copyright_notices)}.{{0,100}}$",  # copyright
    rf"^{_any(LEX.read_more_labels)}\s*:",  # "read more: <link title>"
    rf"^{_any(LEX.menu_labels)}$",  # menus and page furniture: short lines that are nothing but a label
))

# News-agency datelines at the start of a line are removed, the rest of the line is kept:
# "موسكو-سانا أكد …", or a whole line "موسكو 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس". The agency
# list keeps a real sentence that merely starts "word - word". An outlet's own dateline goes too:
# "دبي، الإمارات العربية المتحدة (CNN) -- اقترح …" (its place would read as the speaker). A brief in a
# column of news briefs opens with a bullet, and may name the source in brackets: "* سيول - «الشرق الأوسط»: …".
_AGENCY = _any(LEX.news_agencies)
_CITY = r"[\u0621-\u064A]+(?: [\u0621-\u064A]+)?"
_PLACE = r"(?:[\u0621-\u064A]+[ ،]*){0,5}"
DATELINE = re.compile(
    rf"(?:[*•]\s*)?(?:{_CITY}(?:\s*[-–—]\s*[«(]?{_AGENCY}[»)]?(?!\w)|\s+\d[\d\s\u0621-\u064A]{{0,60}}?\s{_AGENCY}\s*$)"
    rf"|{_PLACE}\({_any(LEX.dateline_outlets)}\))[\s:،.\-–—]*"
)

# Joining a line broken mid-sentence. A line ending like this ends its sentence:
SENTENCE_END = re.compile(r'[.!?؟:”"»…]$')
# A line that ends with a word no sentence ends with is always continued by the next line:
DANGLING_WORD = re.compile(rf"(?:^|\s){_any(LEX.dangling_words)}$")
# Otherwise a line is joined only when it is long (headlines and crossheads are short and stay
# apart), when nearly all long lines of the text end with punctuation (many sites leave the full
# stop out, and then a missing one says nothing), and when the next line does not open a sentence
# itself: و…, a reporting verb, a connective, a "Name: …" crosshead, a bullet or a quote.
HEADLINE_MAX_WORDS = 20
PUNCTUATED_SHARE = 0.9
SENTENCE_START = re.compile(
    r"(?:و\w\w"  # و… opens most sentences of Arabic news
    rf"|{_any(LEX.reporting_verbs)}{_any(LEX.reporting_verb_endings)}?(?!\w)"  # a reporting verb
    rf"|{_any(LEX.sentence_opener_words)}\b|{_any(LEX.sentence_openers)}"  # a connective
    r"|\S+(?: \S+){0,3}:\s"  # "بيسكوف: …", a crosshead or a quote's speaker
    r"|[^\w\s])"  # a bullet, a dash, an opening quote or bracket
)

# Characters stripped around lines; unusual spaces become plain spaces (one for one, offsets hold).
_STRIP = " \t\r\f\v\u00a0\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_SPACES = str.maketrans(dict.fromkeys("\t\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))), " "))
# A hashtag in running text ("أعلنت #الرئاسة_الفرنسية") is read as its words: mark and underscores
# become spaces, so offsets stay put and the words are tagged and linked as any others.
HASHTAG = re.compile(r"#(\w+)")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF\u0750-\u077F]")

# ---------------------------------------------------------------------------------------------
# Limits and file kinds
# ---------------------------------------------------------------------------------------------
MAX_ARTICLE_BYTES = 1_000_000  # a news article is ~5-50 kB; anything this big is not one article
_MAX_BAD_LINES_IN_A_ROW = 20  # then the file is not JSON Lines at all: one more error, stop it
_SKIP_CHUNK = 1 << 20
_OPENERS = {".jsonl": open, ".jsonl.gz": gzip.open, ".jsonl.xz": lzma.open}
SUFFIXES = (".txt", *_OPENERS)
_STREAM_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error)  # corrupt or truncated .gz/.xz


class IngestError(KgError):
    """One input that could not be read, as ``FILE: problem`` or ``FILE:LINE: problem``.

    ``read_articles`` yields it as a value so the rest of the batch goes on; a caller that wants to
    stop at the first one can ``raise`` it (it is a KgError, reported as one line).
    """

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        self.path, self.problem, self.line = str(path), problem, line
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def read_articles(paths: Iterable[Path | str]) -> Iterator[Article | IngestError]:
    """Articles from ``.txt`` files, ``.jsonl``/``.jsonl.gz``/``.jsonl.xz`` files and folders.

    A folder is read recursively (hidden entries skipped), its files in sorted order. Nothing is
    held beyond the current article: JSON Lines files are read one line at a time.
    """
    for path in map(Path, paths):
        if path.is_dir():
            yield from _read_folder(path)
        elif not path.exists():
            yield IngestError(path, "no such file or directory")
        else:
            yield from _read_file(path)


def _read_folder(folder: Path) -> Iterator[Article | IngestError]:
    files = _folder_files(folder)
    if not files:
        yield IngestError(folder, f"no {', '.join(SUFFIXES)} files in this folder")
    for path in files:
        yield from _read_file(path)


def _folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if _suffix(p) and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def count_records(paths: Iterable[Path | str]) -> int:
    """Roughly how many articles ``read_articles`` will go through, for a progress display: one per
    .txt file and per line of JSON Lines, counted in a quick pass over the (decompressed) bytes."""
    files = (file for path in map(Path, paths) for file in (_folder_files(path) if path.is_dir() else [path]))
    return sum(_count_lines(file, _OPENERS[suffix]) if (suffix := _suffix(file)) in _OPENERS else 1
               for file in files)


def _count_lines(path: Path, opener: Callable[..., BinaryIO]) -> int:
    count = 0
    try:
        with opener(path, "rb") as stream:
            while block := stream.read(_SKIP_CHUNK):
                count += block.count(b"\n")
    except _STREAM_ERRORS:
        pass  # read_articles reports the problem; a rough count is enough here
    return count


def _suffix(path: Path) -> str | None:
    return next((suffix for suffix in SUFFIXES if path.name.lower().endswith(suffix)), None)


def _read_file(path: Path) -> Iterator[Article | IngestError]:
    suffix = _suffix(path)
    if suffix is None:
        yield IngestError(path, f"unsupported file type (expected {', '.join(SUFFIXES)})")
    elif suffix == ".txt":
        try:
            text = read_text(path)
            if not text.strip():
                raise IngestError(path, "empty file")
            yield article_from_text(path.name[: -len(suffix)], text, path=path, headline=True)
        except IngestError as error:
            yield error
    else:
        yield from _read_jsonl(path, _OPENERS[suffix])


def read_text(path: Path | str, limit: int = MAX_ARTICLE_BYTES) -> str:
    """The text of a UTF-8 file, or an IngestError naming the file and the problem."""
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)  # never more: a huge file is refused without reading it
    except OSError as error:
        raise IngestError(path, f"cannot read ({error.strerror})") from error
    if len(data) > limit:
        raise IngestError(path, f"too large (over {limit:,} bytes)")
    if b"\0" in data[:8192]:
        raise IngestError(path, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(path, f"not UTF-8 (invalid byte at offset {error.start})") from error


def _read_jsonl(path: Path, opener: Callable[..., BinaryIO]) -> Iterator[Article | IngestError]:
    number, seen_any, bad_in_a_row = 0, False, 0
    try:
        stream = opener(path, "rb")
    except OSError as error:
        yield IngestError(path, f"cannot read ({error.strerror or error})")
        return
    try:
        with stream:
            if b"\0" in stream.peek(8192)[:8192]:  # peek: the start, read without consuming it
                yield IngestError(path, "binary file, not JSON Lines")
                return
            for number, line in _numbered_lines(stream, MAX_ARTICLE_BYTES):
                if line is not None and not line.strip():
                    continue
                seen_any = True
                item = _parse_line(path, number, line)
                bad_in_a_row = bad_in_a_row + 1 if isinstance(item, IngestError) else 0
                yield item
                if bad_in_a_row >= _MAX_BAD_LINES_IN_A_ROW:
                    yield IngestError(path, f"{bad_in_a_row} bad lines in a row, giving up on this file")
                    return
    except _STREAM_ERRORS as error:  # what was read before stays read
        problem = f"corrupt or truncated ({error or type(error).__name__}); stopped reading this file"
        yield IngestError(path, problem, number + 1)
        return
    if not seen_any:
        yield IngestError(path, "empty file")


def _numbered_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` per line; ``None`` for a line over ``limit`` bytes, which is skipped
    chunk by chunk so that it is never held in memory whole."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(_SKIP_CHUNK)
            yield number, None
        else:
            yield number, line


def _parse_line(path: Path, number: int, line: bytes | None) -> Article | IngestError:
    if line is None:
        return IngestError(path, f"line too long (over {MAX_ARTICLE_BYTES:,} bytes)", number)
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return IngestError(path, f"not UTF-8 (invalid byte at column {error.start + 1})", number)
    except json.JSONDecodeError as error:
        return IngestError(path, f"not valid JSON ({error.msg} at column {error.colno})", number)
    try:
        return _article_from_record(path, record)
    except IngestError as error:
        return IngestError(path, error.problem, number)


def _article_from_record(path: Path, record: object) -> Article:
    if not isinstance(record, dict):
        raise IngestError(path, "not a JSON object")
    for key in ("id", "text"):
        if record.get(key) is None:
            raise IngestError(path, f"missing field '{key}'")
    doc, text = record["id"], record["text"]
    if not isinstance(doc, (str, int)) or isinstance(doc, bool) or not str(doc).strip():
        raise IngestError(path, "field 'id' is not a non-empty string")
    if not isinstance(text, str):
        raise IngestError(path, "field 'text' is not a string")
    fields = {key: _optional_str(path, record, key) for key in ("title", "date", "source", "url")}
    title = " ".join(fields["title"].split()) if fields["title"] else None
    return article_from_text(
        str(doc).strip(), f"{title}\n{text}" if title else text, path=path, headline=bool(title),
        title=title, date=iso_date(fields["date"]), source=fields["source"], url=fields["url"],
    )


def _optional_str(path: Path, record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise IngestError(path, f"field '{key}' is not a string")
    return value or None


def iso_date(value: str | None) -> str | None:
    """An RFC 2822 (``Sun, 18 Feb 2018 21:35:43 +0400``) or ISO date as ISO 8601, else None."""
    if not value or not value.strip():
        return None
    for parse in (parsedate_to_datetime, datetime.fromisoformat):
        try:
            return parse(value.strip()).isoformat()
        except (TypeError, ValueError, IndexError):
            continue
    return None


# ---------------------------------------------------------------------------------------------
# Building and cleaning
# ---------------------------------------------------------------------------------------------
def article_from_text(doc: str, text: str, *, path: Path | str | None = None, headline: bool = True,
                      title: str | None = None, date: str | None = None, source: str | None = None,
                      url: str | None = None) -> Article:
    """An Article with cleaned paragraphs, or an IngestError (about ``path``, else ``doc``).

    ``headline``: the first line is a headline, never joined to the next one. Without a ``title``
    the first paragraph is taken as the title (a .txt file starts with its headline).
    """
    where = path if path is not None else doc
    if not text.strip():
        raise IngestError(where, "empty text")
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise IngestError(where, f"text too large (over {MAX_ARTICLE_BYTES:,} bytes)")
    if not ARABIC_LETTER.search(text):
        raise IngestError(where, "no Arabic text")
    paragraphs = clean_paragraphs(text, headline=headline)
    if not paragraphs:
        raise IngestError(where, "nothing left after removing boilerplate")
    return Article(doc=doc, text=text, paragraphs=paragraphs, title=title or paragraphs[0].text,
                   date=date, source=source, url=url)


def clean_paragraphs(text: str, headline: bool = True) -> tuple[Paragraph, ...]:
    """The paragraphs of ``text`` without boilerplate, datelines and exact repeats.

    A blank or removed line ends a paragraph; a line broken mid-sentence is joined to the next with
    one space. Each Paragraph's ``pieces`` point back into ``text``.
    """
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    for spans in _paragraph_spans(text, headline):
        paragraph = _paragraph(text, spans)
        if paragraph.text not in seen:  # a page repeating its lede: keep the first
            seen.add(paragraph.text)
            paragraphs.append(paragraph)
    return tuple(paragraphs)


def _content_lines(text: str) -> Iterator[tuple[int, int] | None]:
    """The ``(start, end)`` of each line's content, or None for a blank or boilerplate line."""
    for match in re.finditer(r"^.*$", text, re.MULTILINE):
        start, end = _strip(text, match.start(), match.end())
        dateline = DATELINE.match(text, start, end)
        if dateline:
            start, end = _strip(text, dateline.end(), end)
        line = text[start:end].translate(_SPACES)
        yield None if not line or any(p.search(line) for p in BOILERPLATE_LINES) else (start, end)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def _paragraph_spans(text: str, headline: bool) -> Iterator[list[tuple[int, int]]]:
    """Group content lines into paragraphs: lists of line spans to join."""
    spans = list(_content_lines(text))
    joinable = _punctuated([text[slice(*span)] for span in spans if span])
    current: list[tuple[int, int]] = []
    first = headline  # the first line is a headline: never joined
    for span in spans:
        if current and (span is None or first
                        or not _continues(text[slice(*current[-1])], text[slice(*span)], joinable)):
            yield current
            current = []
            first = False
        if span is not None:
            current.append(span)
    if current:
        yield current


def _punctuated(lines: list[str]) -> bool:
    """Whether the long lines of this text end their sentences with punctuation, as a rule.

    Only then does a long line without it stand out as broken; many sites leave it out."""
    long = [line for line in lines if len(line.split()) > HEADLINE_MAX_WORDS]
    ended = sum(bool(SENTENCE_END.search(line)) for line in long)
    return bool(long) and ended >= PUNCTUATED_SHARE * len(long)


def _continues(line: str, next_line: str, long_lines_may_break: bool) -> bool:
    """Whether ``line`` stops mid-sentence and ``next_line`` carries the sentence on."""
    if SENTENCE_END.search(line):
        return False
    if DANGLING_WORD.search(line):
        return True
    return (long_lines_may_break and len(line.split()) > HEADLINE_MAX_WORDS
            and not SENTENCE_START.match(next_line))


def _hashtag_words(match: re.Match) -> str:
    return " " + match[1].replace("_", " ")


def _paragraph(text: str, spans: list[tuple[int, int]]) -> Paragraph:
    parts, pieces, length = [], [], 0
    for start, end in spans:
        pieces.append((length, start))
        parts.append(HASHTAG.sub(_hashtag_words, text[start:end].translate(_SPACES)))
        length += end - start + 1  # +1: the space that replaces the line break
    return Paragraph(text=" ".join(parts), pieces=tuple(pieces))
