"""Stage 1: reading articles, cleaning them into paragraphs that map back to the original text."""
import gzip
import json
import lzma
import re
import time
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.ingest import IngestError, article_from_text, iso_date, read_articles
from kg.records import Article

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"  # the five seed articles
SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SEED_000 = EXAMPLES / "000_1eaf49a2340ae36d.txt"
LEDE = "قال وزير الخارجية الروسي سيرغي لافروف إن روسيا تدعم الحل السياسي في سورية."
OTHER = "وأضاف لافروف أن موسكو مستعدة للتعاون مع جميع الأطراف."


def only_article(path) -> Article:
    [article] = read_articles([path])
    assert isinstance(article, Article), str(article)
    return article


def only_error(path) -> str:
    [error] = read_articles([path])
    assert isinstance(error, IngestError), error
    assert "\n" not in str(error)
    return str(error)


def squash(text: str) -> str:
    """The words of a text: runs of spaces, and the marks of a hashtag ("#كوريا_الشمالية"), as one space."""
    return re.sub(r"(?:\s|#(?=\w)|(?<=\w)_(?=\w))+", " ", text).strip()


def assert_maps_back(article: Article) -> None:
    """Every cleaned character sits at its original offset; the spans differ only in whitespace."""
    for paragraph in article.paragraphs:
        for i, char in enumerate(paragraph.text):
            if not char.isspace():
                assert article.text[paragraph.original_offset(i)] == char
        start = paragraph.original_offset(0)
        end = paragraph.original_offset(len(paragraph.text) - 1) + 1
        assert squash(article.text[start:end]) == squash(paragraph.text)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    articles = list(read_articles([EXAMPLES]))
    assert all(isinstance(a, Article) for a in articles), [str(a) for a in articles]
    return {a.doc: a for a in articles}


# --- the seed articles ---------------------------------------------------------------------------

def test_headline_is_first_paragraph():
    article = only_article(SEED_000)
    first_line = SEED_000.read_text(encoding="utf-8").splitlines()[0]
    assert article.doc == "000_1eaf49a2340ae36d"
    assert article.paragraphs[0].text == squash(first_line) == article.title
    assert article.date is None


def test_boilerplate_is_gone(seeds):
    texts = [p.text for a in seeds.values() for p in a.paragraphs]
    for junk in ("©", "جميع الحقوق محفوظة", "تيلغرام", "telegram.me", "واتس أب", "(VK)", "اترك تعليق",
                 "زر الذهاب إلى الأعلى", "أقسام", "أخبار متعلقة"):
        assert not any(junk in text for text in texts), junk
    assert seeds["001_5338f5e4b209c58c"].paragraphs[-1].text.startswith("وقد اتفق جميع الأطراف")


def test_broken_sentence_is_joined_with_offsets():
    article = only_article(SEED_000)
    [joined] = [p for p in article.paragraphs if "تحمل طابعا استفزازيا وتعيق" in p.text]
    assert len(joined.pieces) == 2
    space = joined.text.index("طابعا استفزازيا") + len("طابعا")
    assert article.text[joined.original_offset(space)] == "\n"  # the line break it replaces
    assert article.text[joined.original_offset(space + 1):].startswith("استفزازيا")
    assert_maps_back(article)


def test_crossheads_are_not_joined(seeds):
    texts = [p.text for p in seeds["000_1eaf49a2340ae36d"].paragraphs]
    assert "الخارجية الروسية تحذر واشنطن مجددا من تكرار اللجوء للقوة العسكرية ضد القوات السورية" in texts


def test_every_seed_maps_back(seeds):
    for article in seeds.values():
        assert_maps_back(article)


def test_lone_dateline_is_dropped(seeds):
    article = seeds["002_10efc35c20210809"]
    assert article.paragraphs[0].text.startswith("بحث وزير الخارجية الروسي")
    assert not any("سانا" in p.text for p in article.paragraphs)


# --- the gold: the key acceptance test -----------------------------------------------------------

@pytest.mark.skipif(not SHARED_EVAL.is_dir(), reason="needs ../shared/eval")
@pytest.mark.parametrize("gold, folder", [("seeds_gold.jsonl", EXAMPLES),
                                          ("dev_gold.jsonl", SHARED_EVAL / "dev_articles"),
                                          ("dev2_gold.jsonl", SHARED_EVAL / "dev2_articles")])
def test_every_gold_paragraph_survives_cleaning(gold, folder):
    articles = {a.doc: a for a in read_articles([folder])}
    missing = []
    for row in map(json.loads, (SHARED_EVAL / gold).read_text(encoding="utf-8").splitlines()):
        if row.get("ignore") and not row.get("statements"):
            continue  # e.g. a "read more" link: may be cleaned away
        cleaned = [squash(p.text) for p in articles[row["doc"]].paragraphs]
        text = squash(row["text"])  # whole, or without the dateline the gold kept: "(CNN)-- دعا ..."
        if not any(text in kept or len(kept) > len(text) / 2 and kept in text for kept in cleaned):
            missing.append((row["doc"], row["text"][:60]))
    assert missing == []


# --- cleaning rules on small texts ---------------------------------------------------------------

def test_dateline_prefix_is_stripped_with_offsets():
    text = f"عنوان الخبر\nدمشق-سانا {LEDE}\nموسكو 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس\n{OTHER}"
    article = article_from_text("d", text)
    assert [p.text for p in article.paragraphs] == ["عنوان الخبر", LEDE, OTHER]
    lede = article.paragraphs[1]
    assert article.text[lede.original_offset(0):lede.original_offset(len(LEDE) - 1) + 1] == LEDE
    assert_maps_back(article)


@pytest.mark.parametrize("dateline", ["(CNN)-- ", "دبي، الإمارات العربية المتحدة (CNN) – ",
                                      "* سيول - «الشرق الأوسط»: ", "برلين - (د.ب.أ): "])
def test_an_outlets_dateline_is_stripped(dateline):
    article = article_from_text("d", f"عنوان\n{dateline}{LEDE}")
    assert article.paragraphs[1].text == LEDE
    assert_maps_back(article)


def test_repeated_paragraph_is_dropped(tmp_path):
    path = tmp_path / "repeat.txt"
    path.write_text(f"عنوان الخبر\n\n{LEDE}\n{OTHER}\n\n{LEDE}\n", encoding="utf-8")
    assert [p.text for p in only_article(path).paragraphs] == ["عنوان الخبر", LEDE, OTHER]


def test_headline_is_never_joined_and_short_lines_stay_apart():
    article = article_from_text("d", f"روسيا تدعو إلى الحوار\n{LEDE}\nلافروف: لا حل عسكريا في سورية\n{OTHER}")
    assert len(article.paragraphs) == 4


def test_line_ending_with_a_preposition_is_joined():
    article = article_from_text("d", "عنوان\nوقال لافروف إن روسيا تدعم الحل في\nسورية ولبنان.")
    assert article.paragraphs[1].text == "وقال لافروف إن روسيا تدعم الحل في سورية ولبنان."
    assert_maps_back(article)


LONG = ("قال وزير الخارجية الروسي سيرغي لافروف في مؤتمر صحفي مشترك عقده اليوم في العاصمة الروسية موسكو "
        "مع نظيره الصيني وانغ يي إن بلاده تدعم")  # 24 words: too long for a headline
LONG_TAIL = "الحل السياسي للأزمة في سورية وتعارض أي تدخل عسكري خارجي في شؤونها الداخلية."
FULL_STOPPED = [f"{LONG} {LONG_TAIL}"] * 9  # long lines that end their sentence


def test_long_line_is_joined_only_where_full_stops_are_the_rule():
    punctuated = "\n".join(["عنوان", LONG, LONG_TAIL, *FULL_STOPPED])
    assert article_from_text("d", punctuated).paragraphs[1].text == f"{LONG} {LONG_TAIL}"
    careless = "\n".join(["عنوان", LONG, LONG_TAIL, LONG.replace("تدعم", "ترفض"), LONG_TAIL])
    assert all(len(p.pieces) == 1 for p in article_from_text("d", careless).paragraphs)


def test_line_opening_a_sentence_is_not_joined():
    text = "\n".join(["عنوان", LONG, "وقال " + LONG_TAIL, *FULL_STOPPED])
    assert article_from_text("d", text).paragraphs[1].text == LONG


def test_unusual_spaces_become_plain_and_crlf_is_handled():
    article = article_from_text("d", "عنوان\r\n\u200fقال\u00a0لافروف إن روسيا مستعدة.\r\n")
    assert article.paragraphs[1].text == "قال لافروف إن روسيا مستعدة."
    assert_maps_back(article)



def test_a_hashtag_is_read_as_its_words_with_offsets_kept():
    article = article_from_text("d", "عنوان\nقال #ترمب إن #كوريا_الشمالية مستعدة، ورقم 5# باق.")
    assert article.paragraphs[1].text == "قال  ترمب إن  كوريا الشمالية مستعدة، ورقم 5# باق."
    assert_maps_back(article)


# --- JSON Lines ----------------------------------------------------------------------------------

def record(doc: str, **fields) -> str:
    return json.dumps({"id": doc, "text": f"{LEDE}\n{OTHER}", **fields}, ensure_ascii=False)


def test_jsonl_bad_line_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(f"{record('a')}\n{{not json\n{record('c')}\n", encoding="utf-8")
    items = list(read_articles([path]))
    assert [a.doc for a in items if isinstance(a, Article)] == ["a", "c"]
    [error] = [e for e in items if isinstance(e, IngestError)]
    assert str(error).startswith(f"{path}:2: not valid JSON")


@pytest.mark.parametrize("line, problem", [
    ('{"text": "نص"}', "missing field 'id'"),
    ('{"id": "x"}', "missing field 'text'"),
    ('["id", "text"]', "not a JSON object"),
    ('{"id": "x", "text": 5}', "field 'text' is not a string"),
    ('{"id": "x", "text": "Only English here."}', "no Arabic text"),
    ('{"id": "x", "text": "  "}', "empty text"),
])
def test_jsonl_malformed_record(tmp_path, line, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{record('a')}\n{line}\n", encoding="utf-8")
    items = list(read_articles([path]))
    assert isinstance(items[0], Article)
    assert [str(e) for e in items[1:]] == [f"{path}:2: {problem}"]


@pytest.mark.parametrize("suffix, compress", [(".jsonl", bytes), (".jsonl.gz", gzip.compress),
                                              (".jsonl.xz", lzma.compress)])
def test_jsonl_fields_plain_and_compressed(tmp_path, suffix, compress):
    path = tmp_path / f"news{suffix}"
    line = record("AL-1", title="روسيا تدعم الحل", date="Sun, 18 Feb 2018 21:35:43 +0400",
                  source="alarabia", url="http://example.org/1")
    path.write_bytes(compress(f"{line}\n\n{record('AL-2')}\n".encode()))
    first, second = read_articles([path])
    assert (first.doc, first.title, first.date, first.source) == (
        "AL-1", "روسيا تدعم الحل", "2018-02-18T21:35:43+04:00", "alarabia")
    assert first.text == f"روسيا تدعم الحل\n{LEDE}\n{OTHER}"  # title + "\n" + text
    assert [p.text for p in first.paragraphs] == ["روسيا تدعم الحل", LEDE, OTHER]
    assert second.title == LEDE and second.date is None  # no title: the first paragraph
    assert_maps_back(first)


@pytest.mark.parametrize("suffix, compress", [(".jsonl.gz", gzip.compress), (".jsonl.xz", lzma.compress)])
def test_truncated_stream_keeps_what_was_read(tmp_path, suffix, compress):
    data = "".join(record(f"d{i}") + " \n" for i in range(300)).encode()
    packed = compress(data)
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(packed[: len(packed) // 2])
    items = list(read_articles([path]))
    articles = [a for a in items if isinstance(a, Article)]
    assert 0 < len(articles) < 300
    assert [a.doc for a in articles] == [f"d{i}" for i in range(len(articles))]
    [error] = [e for e in items if isinstance(e, IngestError)]
    assert f"{path}:{len(articles) + 1}: corrupt or truncated" in str(error)


def test_not_compressed_at_all(tmp_path):
    path = tmp_path / "fake.jsonl.gz"
    path.write_text(record("a"), encoding="utf-8")
    assert "corrupt or truncated" in only_error(path)


def test_huge_line_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.jsonl"
    huge = json.dumps({"id": "big", "text": "ب" * 5_000_000}, ensure_ascii=False)  # 10 MB
    path.write_text(f"{huge}\n{record('after')}\n", encoding="utf-8")
    started = time.perf_counter()
    items = list(read_articles([path]))
    assert time.perf_counter() - started < 2
    assert str(items[0]) == f"{path}:1: line too long (over 1,000,000 bytes)"
    assert items[1].doc == "after"


def test_dates():
    assert iso_date("Sun, 18 Feb 2018 17:21:49 GMT") == "2018-02-18T17:21:49+00:00"
    assert iso_date("2015-07-21 02:51:32") == "2015-07-21T02:51:32"
    assert iso_date("next Tuesday") is None and iso_date("") is None and iso_date(None) is None


# --- bad files: one error each, and the batch goes on --------------------------------------------

@pytest.mark.parametrize("name, content, problem", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\n \n", "empty file"),
    ("empty.jsonl", b"\n\n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file, not text"),
    ("binary.jsonl", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file, not JSON Lines"),
    ("cp1256.txt", "قال لافروف".encode("cp1256"), "not UTF-8 (invalid byte at offset 0)"),
    ("english.txt", b"Lavrov said Russia supports a political solution.", "no Arabic text"),
    ("boiler.txt", "اترك تعليقاً\nجميع الحقوق محفوظة".encode(), "nothing left after removing boilerplate"),
    ("huge.txt", ("ب" * 600_000).encode(), "too large (over 1,000,000 bytes)"),
    ("notes.md", b"# notes", "unsupported file type"),
])
def test_bad_file(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    error = only_error(path)
    assert error.startswith(f"{path}: ") and problem in error
    good = tmp_path / "good.txt"
    good.write_text(f"عنوان\n{LEDE}", encoding="utf-8")
    items = list(read_articles([path, good]))
    assert isinstance(items[0], IngestError) and isinstance(items[-1], Article)


def test_missing_path(tmp_path):
    assert only_error(tmp_path / "nowhere.txt") == f"{tmp_path / 'nowhere.txt'}: no such file or directory"


def test_error_can_be_raised_as_a_kg_error(tmp_path):
    [error] = read_articles([tmp_path / "nowhere.jsonl"])
    with pytest.raises(KgError, match="nowhere.jsonl: no such file"):
        raise error


# --- folders -------------------------------------------------------------------------------------

def test_folder_is_read_recursively_and_sorted(tmp_path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(f"عنوان أ\n{LEDE}", encoding="utf-8")
    (tmp_path / "b" / "deeper" / "c.txt").write_text(f"عنوان ج\n{LEDE}", encoding="utf-8")
    (tmp_path / "b" / "news.jsonl.xz").write_bytes(lzma.compress(f"{record('n1')}\n".encode()))
    (tmp_path / "b" / "readme.md").write_text("not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(f"عنوان\n{LEDE}", encoding="utf-8")
    assert [a.doc for a in read_articles([tmp_path])] == ["a", "c", "n1"]


def test_empty_folder(tmp_path):
    assert "no .txt, .jsonl" in only_error(tmp_path)
