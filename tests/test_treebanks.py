"""Treebank conversion for training and evaluation (kg.training.treebanks), on made-up sentences."""
from kg.training.treebanks import Sentence, read_conllu, write_conllu


def sentence(*tokens: str) -> Sentence:
    return Sentence(rows=[[str(i), t, "_", "X", "_", "_", "0", "dep", "_", "_"] for i, t in enumerate(tokens, 1)])


def test_paragraphs_hold_a_few_sentences_and_end_after_one_without_a_final_stop(tmp_path):
    """Rebuilt raw text keeps a headline or a list item on its own line, as news prints it."""
    sentences = [sentence("عنوان", "الخبر"), sentence("قال", "الوزير", "."), sentence("وأضاف", "."),
                 sentence("وتابع", "."), sentence("أولا"), sentence("ثانيا", ".")]
    path = tmp_path / "out.conllu"
    write_conllu(sentences, path, paragraph_size=2)
    starts = ["# newpar" in s.comments for s in read_conllu(path)]
    assert starts == [True, True, False, True, False, True]
