"""The bundled Arabic models, loaded for real: parsing, model resolution and bad input."""
import json
import shutil
from pathlib import Path

import pytest

from kg import nlp
from kg.errors import KgError
from kg.text import strip_diacritics, written_word

EXAMPLES = Path(__file__).parent.parent / "examples"
SEED_SENTENCE = ("أكد وزير الخارجية الروسي سيرغي لافروف أن على جميع الدول احترام سيادة سورية "
                 "ووحدة أراضيها.")


@pytest.fixture(scope="session")
def pipeline():
    return nlp.load_pipeline(nlp.bundled_models())


@pytest.fixture(scope="session")
def seed_doc(pipeline):
    known = nlp.vocabulary(nlp.bundled_models())
    return nlp.parse(SEED_SENTENCE + " وأكد ريابكوف أن هناك حاجة لاستخدام القوة.", pipeline, known)


def test_clitic_conjunction_is_split(seed_doc):
    token = next(t for t in seed_doc.iter_tokens() if t.text == "وأكد")
    assert [w.text for w in token.words] == ["و", "أكد"]


def test_speaker_is_subject_of_reporting_verb(seed_doc):
    words = seed_doc.sentences[0].words
    verb = next(w for w in words if w.text == "أكد")
    subject = next(w for w in words if w.head == verb.id and w.deprel == "nsubj")
    assert subject.text == "وزير"
    assert verb.lemma == "أكد"


def test_person_entity(seed_doc):
    assert ("سيرغي لافروف", "PER") in {(e.text, e.type) for e in seed_doc.ents}


def test_names_keep_their_first_letter(seed_doc):
    # ل + أفروف would be a clitic split inside a name: the news vocabulary keeps it whole.
    assert [w.text for w in next(t for t in seed_doc.iter_tokens() if t.text == "لافروف").words] == ["لافروف"]


def test_offsets_point_into_the_text(seed_doc):
    for token in seed_doc.iter_tokens():
        assert seed_doc.text[token.start_char:token.end_char] == token.text


@pytest.mark.parametrize("opening, closing", ["“”", "«»"])
def test_a_typographic_quotation_mark_is_a_token_of_its_own(pipeline, opening, closing):
    text = f"وأضاف {opening}ندعو الولايات المتحدة إلى الحوار{closing}."
    doc = nlp.parse(text, pipeline)
    verb = next(w for w in doc.sentences[0].words if w.text == "ندعو")
    assert verb.lemma == "دعا"
    assert [w.text for w in doc.sentences[0].words if w.upos == "PUNCT"][:2] == [opening, closing]  # as written
    assert text[verb.parent.start_char:verb.parent.end_char] == "ندعو"


def test_two_dots_are_a_pause_not_a_full_stop(pipeline):
    doc = nlp.parse("وأضاف ريابكوف.. إن الهجوم خطوة جديدة. وقال لافروف إن روسيا قلقة.", pipeline)
    assert [s.words[0].text for s in doc.sentences] == ["و", "و"]
    assert "إن" in [w.text for w in doc.sentences[0].words]


@pytest.mark.parametrize("first", ["وقالت الوزيرة في مقابلة مع شبكة إيه.بي.سي إن القرار كان صائبا.",
                                   "وقال مستشار الأمن القومي إتش. آر. ماكماستر إن الضغط سيستمر.",
                                   "وقالت بي بي سي."])
def test_a_dot_inside_an_abbreviation_or_after_an_initial_is_no_full_stop(pipeline, first):
    """The sentence ends at the last full stop of ``first``, not at a dot inside it."""
    second = "في سياق آخر أضافت أن الضغط سيستمر."
    doc = nlp.parse(f"{first} {second}", pipeline)
    assert [s.text for s in doc.sentences] == [first, second]


@pytest.mark.parametrize("text, acronym, clitics, following", [
    ("وقال الخطيب لسي إن إن إنهم رفضوا الأسئلة.", "سي إن إن", ["ل"], "إن"),
    ("وقال ولبي بي سي إن الحكومة ستنسحب.", "بي بي سي", ["و", "ل"], "إن"),
    ("وهاجمت سي إن إن القرار.", "سي إن إن", [], "القرار")])
def test_an_acronym_the_gazetteer_knows_is_one_word(pipeline, text, acronym, clitics, following):
    """Its letters' names are no words of their own (إن is no 'that'); a clitic is split off."""
    assert len(nlp.join_acronyms(text)) == len(text)
    doc = nlp.parse(text, pipeline)
    words = [w.text for w in doc.sentences[0].words]
    at = words.index(acronym)
    assert words[at - len(clitics):at + 2] == [*clitics, acronym, following]
    token = doc.sentences[0].words[at].parent
    assert text[token.start_char:token.end_char] == token.text == "".join(clitics) + acronym


def test_letter_names_the_gazetteer_does_not_know_stay_words(pipeline):
    words = [w.text for w in nlp.parse("وقال في إيه إن الضغط سيستمر.", pipeline).sentences[0].words]
    assert words[2:5] == ["في", "إيه", "إن"]


def test_a_word_with_diacritics_is_tagged_as_without(pipeline):
    text = "وأضاف لافروف، موضحاً أن واشنطن لم تلتزم بالاتفاق."
    doc = nlp.parse(text, pipeline)
    participle = next(w for w in doc.sentences[0].words if w.text.startswith("موضح"))
    assert participle.lemma == "موضح"
    assert participle.text == participle.parent.text == "موضحاً"  # shown as written
    assert text[participle.parent.start_char:participle.parent.end_char] == "موضحاً"


def test_empty_and_blank_input(pipeline):
    assert nlp.parse("", pipeline).sentences == []
    assert nlp.parse(" \n\n ", pipeline).sentences == []


def test_non_arabic_input_parses(pipeline):
    doc = nlp.parse("The minister said nothing at all. 12345 !!!", pipeline)
    assert doc.num_tokens > 0


def test_overlong_sentence_is_cut_not_fatal(pipeline):
    words = ["الحكومة", "تؤكد", "دعم", "السلام"] * 500  # 2,000 tokens, no punctuation
    doc = nlp.parse(" ".join(words), pipeline)
    assert sum(len(t.text.split()) for t in doc.iter_tokens()) == 2_000  # every word kept
    assert max(len(s.words) for s in doc.sentences) <= nlp.MAX_SENTENCE_WORDS
    assert all(w.head is not None for s in doc.sentences for w in s.words)


def test_bundled_manifest_lists_every_processor_with_licence():
    manifest = nlp.bundled_models().manifest
    assert set(manifest["models"]) == set(nlp.PROCESSORS) | {"pretrain"}
    assert all(entry["licence"] and entry["trained_on"] for entry in manifest["models"].values())
    assert sum(entry["bytes"] for entry in manifest["models"].values()) <= 30_000_000


def test_resolution_prefers_explicit_path(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_MODELS", str(nlp.BUNDLED_DIR))
    assert nlp.resolve_models().path == nlp.BUNDLED_DIR
    monkeypatch.delenv("KG_MODELS")
    monkeypatch.setattr(nlp, "stanza_resources_dir", lambda: tmp_path)  # no official models there
    assert nlp.resolve_models().source == "bundled"


def test_missing_model_folder_is_a_clear_error(tmp_path):
    with pytest.raises(KgError, match="does not exist"):
        nlp.resolve_models(tmp_path / "nowhere")
    with pytest.raises(KgError, match="not a model folder"):
        nlp.resolve_models(tmp_path)


@pytest.fixture
def copied_models(tmp_path):
    folder = tmp_path / "models"
    shutil.copytree(nlp.BUNDLED_DIR, folder)
    return folder


def test_corrupt_model_file_is_a_clear_error(copied_models):
    tagger = copied_models / nlp.bundled_models().files["pos"].name
    tagger.write_bytes(tagger.read_bytes()[:1000])
    with pytest.raises(KgError, match="pos model file is corrupt"):
        nlp.load_pipeline(nlp.resolve_models(copied_models))


def test_unloadable_model_without_checksum_is_a_clear_error(copied_models):
    manifest = json.loads((copied_models / "manifest.json").read_text())
    for entry in manifest["models"].values():
        entry.pop("sha256")
    (copied_models / "manifest.json").write_text(json.dumps(manifest))
    (copied_models / manifest["models"]["depparse"]["file"]).write_bytes(b"not a model")
    with pytest.raises(KgError, match="cannot load the Arabic models"):
        nlp.load_pipeline(nlp.resolve_models(copied_models))


def test_missing_model_file_is_a_clear_error(copied_models):
    (copied_models / nlp.bundled_models().files["ner"].name).unlink()
    with pytest.raises(KgError, match="ner model file is missing"):
        nlp.load_pipeline(nlp.resolve_models(copied_models))


def test_fast_tree_decoder_gives_stanzas_trees():
    """The C++ decoder finds the same one-root maximum spanning tree as Stanza's Python one, on
    score matrices like a weak parser's (many cycles) and of every sentence length."""
    import numpy as np
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

    rng = np.random.default_rng(7)
    for size in range(2, 80):
        scores = (rng.normal(size=(size, size)) * 4).astype(np.float32)
        expected = chuliu_edmonds_one_root(scores.copy())
        tree = nlp.one_root_tree(scores)
        assert list(tree[1:]) == list(expected[1:])
        assert list(tree[1:]).count(0) == 1


def test_pipeline_decodes_with_the_fast_decoder(pipeline):
    from stanza.models.depparse import model

    assert model.chuliu_edmonds_one_root is nlp.one_root_tree


def test_remembered_expansions_and_lemmas_are_stanzas(pipeline):
    """The MWT cache and the lemmatizer's stored results, each distinct word predicted once, give
    the words and lemmas Stanza's own processors give, on a seed article parsed twice (the second
    time from the caches). Without its diacritics: the cache expands a token as written without
    them, Stanza's processor as written."""
    text = strip_diacritics(sorted(EXAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8"))
    plain = nlp.load_pipeline(nlp.bundled_models(), ("tokenize", "mwt", "pos", "lemma"), lemma_store_results=False)
    for name in ("mwt", "lemma"):
        del plain.processors[name].process  # Stanza's own method again
    expected = [(w.text, w.lemma) for s in plain(text).sentences for w in s.words]
    for _ in range(2):
        assert [(w.text, w.lemma) for s in pipeline(text).sentences for w in s.words] == expected


def test_a_pipeline_holds_no_training_state(pipeline):
    """Stanza's trainers build an optimizer even to predict (a reference to every float weight, and a
    second of loading); a pipeline's have none, and Stanza's training code still gets its optimizers."""
    import torch
    from stanza.models.common import utils

    trainers = [trainer for name in pipeline.processors for trainer in nlp.trainers(pipeline, name)]
    assert len(trainers) >= len(nlp.PROCESSORS)
    assert not any(getattr(trainer, "optimizer", None) or getattr(trainer, "optimizers", None) for trainer in trainers)
    assert utils.get_optimizer("adam", torch.nn.Linear(2, 2), lr=0.1) is not None


def test_a_token_splits_as_it_does_without_its_diacritics(pipeline):
    """The expander learnt from a treebank written without diacritics; fed them, it garbled the
    words ("وأكَّدت": و + أكَّت, "وبيَّن": و + ب + يََ). Its words stay bare, as the treebank's; a rule
    reads them as written."""
    doc = nlp.parse("وأكَّدت الوزارة أن الوضع مستقر، وبيَّن الوزير أن الحادث عرضي.", pipeline)
    split = [t.words for t in doc.iter_tokens() if len(t.words) > 1]
    assert [[w.text for w in words] for words in split[:2]] == [["و", "أكدت"], ["و", "بين"]]
    assert [[written_word(w) for w in words] for words in split[:2]] == [["و", "أكَّدت"], ["و", "بيَّن"]]
    assert [w.lemma for w in doc.sentences[0].words[:2]] == ["و", "أكد"]


def test_an_expansion_that_adds_words_keeps_the_token_whole(pipeline):
    """The expander's dictionary, learnt from the treebank, expands a sentence-initial "وزير" to
    "وزير الطاقة": an expansion with more letters than its token can restore is no split of it."""
    doc = nlp.parse("وزير المالية السعودي: نتوقع نموا في الاقتصاد", pipeline)
    assert [w.text for w in doc.sentences[0].tokens[0].words] == ["وزير"]
    assert [w.text for w in doc.sentences[0].words[:3]] == ["وزير", "المالية", "السعودي"]


def test_a_title_word_is_no_proclitic_and_a_word(pipeline):
    """The expander reads "ولي" (the title of ولي العهد) as و + لي ('and to me') in about 40% of the
    news' tokens; a title word of the gazetteer stays whole."""
    known = nlp.vocabulary(nlp.bundled_models())
    text = "واستقبل الملك ولي عهد أبوظبي. وقال ولي العهد السعودي إن المملكة ماضية في الإصلاح."
    doc = nlp.parse(text, pipeline, known)
    assert [[w.text for w in t.words] for t in doc.iter_tokens() if t.text == "ولي"] == [["ولي"], ["ولي"]]


def test_only_sentences_that_may_hold_a_statement_get_a_tree(pipeline):
    """A sentence without a trigger word or a headline lead's colon is tagged, not parsed; parsing
    it later (kg.nlp.complete, as from the parse cache) gives what a full parse gives, though its
    words are now as written (with diacritics and typographic quotation marks)."""
    from kg.extract import Extractor

    texts = ["وصل الوفدُ إلى العاصمة صباح اليوم في زيارة “رسمية” قصيرة. " + SEED_SENTENCE, "الكرملين: المحادثات مستمرة."]
    needs_tree = Extractor().needs_tree
    full = nlp.parse_many(texts, pipeline)
    shallow = nlp.parse_many(texts, pipeline, needs_tree=needs_tree)
    heads = [[w.head for w in s.words] for doc in shallow for s in doc.sentences]
    assert [None in sentence for sentence in heads] == [True, False, False]
    assert [w.upos for w in shallow[0].sentences[0].words] == [w.upos for w in full[0].sentences[0].words]
    assert nlp.complete(shallow, pipeline, needs_tree) == 0
    assert nlp.complete(shallow, pipeline) == 1
    assert ["{:C}".format(doc) for doc in shallow] == ["{:C}".format(doc) for doc in full]


def test_on_the_cpu_the_tagger_parser_and_ner_run_int8_weights(pipeline, monkeypatch):
    """Quantized LSTM and Linear layers (1.18x a build's speed); KG_QUANTIZE=0 keeps the float ones.
    The seed sentence parses the same either way."""
    monkeypatch.setenv("KG_QUANTIZE", "0")
    exact = nlp.load_pipeline(nlp.bundled_models())

    def quantized_layers(nlp_pipeline, name):
        return sum(".quantized." in type(module).__module__
                   for trainer in nlp.trainers(nlp_pipeline, name) for module in trainer.model.modules())

    assert all(quantized_layers(pipeline, name) > 0 for name in nlp.QUANTIZED)
    assert not any(quantized_layers(exact, name) for name in nlp.QUANTIZED)
    assert quantized_layers(pipeline, "mwt") == 0
    assert "{:C}".format(nlp.parse(SEED_SENTENCE, pipeline)) == "{:C}".format(nlp.parse(SEED_SENTENCE, exact))
