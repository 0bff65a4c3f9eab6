"""Synthetic articles and statements, for the store benchmark and the crash test.

Realistic in shape: actors of the four kinds, every statement type, dated articles, claims of a
couple of dozen Arabic words, a target on most statements. Deterministic: the same index always
gives the same article. The first actors are the ones examples/queries/*.rq ask about, so those
queries find something here too.
"""
from __future__ import annotations

import random

from kg.ontology import statement_types
from kg.records import Actor, Article, LinkedStatement, Mention, Statement

NAMED_ACTORS = (
    Actor("sergey_lavrov", "Sergey Lavrov", "سيرغي لافروف", "Person", affiliation="russia"),
    Actor("united_states", "United States", "الولايات المتحدة", "State"),
    Actor("russia", "Russia", "روسيا", "State"),
    Actor("ministry_of_foreign_affairs_of_russia", "Ministry of Foreign Affairs of Russia", "الخارجية الروسية",
          "GovernmentBody", affiliation="russia"),
    Actor("united_nations", "United Nations", "الأمم المتحدة", "Organisation"),
)
KINDS = ("Person", "State", "Organisation", "GovernmentBody")
# A few real words among many made-up ones, so that a word is in a few percent of the claims, as in news.
WORDS = ("واشنطن", "موسكو", "سورية", "الحكومة", "التسوية", "السياسية", "الأزمة", "الدولي", "القوات", "التعاون",
         "الأمن", "الحوار", "المفاوضات", "السيادة", "الإرهاب", "الاتفاق", "المنطقة", "السلام", "الشعب", "المجتمع",
         *(f"كلمة{n}" for n in range(180)))
SENTENCE_WORDS = 24
TARGETED = 0.7  # share of statements with a target, about as in the seeds


def cast(count: int = 200) -> list[Actor]:
    """The named actors, then generic ones up to ``count``."""
    generic = [Actor(f"actor_{n}", f"Actor {n}", f"فاعل {n}", KINDS[n % len(KINDS)], aliases=(f"ف{n}",))
               for n in range(len(NAMED_ACTORS), count)]
    return [*NAMED_ACTORS, *generic]


def article(index: int, statement_count: int, actors: list[Actor]) -> tuple[Article, list[LinkedStatement]]:
    """Article number ``index``: one sentence per statement, each one a statement of the next type."""
    rng = random.Random(index)
    sentences = [" ".join(rng.choices(WORDS, k=SENTENCE_WORDS)) + "." for _ in range(statement_count)]
    doc = f"synthetic_{index:06d}"
    date = f"{2014 + index % 8}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    text = "\n".join(sentences)
    types = list(statement_types())
    statements, start = [], 0
    for number, sentence in enumerate(sentences):
        speaker, target = rng.sample(actors, 2)
        statement = Statement(
            doc=doc, sentence=sentence, sentence_start=start, sentence_end=start + len(sentence),
            type=types[number % len(types)], trigger=sentence.split()[0],
            speaker=Mention(speaker.label_ar, start, start), target=None, claim=sentence[: len(sentence) // 2],
            confidence=round(rng.uniform(0.5, 1.0), 2))
        statements.append(LinkedStatement(statement, speaker, target if rng.random() < TARGETED else None))
        start += len(sentence) + 1
    return Article(doc, text, paragraphs=(), title=sentences[0][:80], date=date, source="synthetic"), statements
