"""`qt ask`: worked examples and its command-line contract (the question sets are in evals/)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from qtcli.ask.ask import ask
from qtcli.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("question", "value", "qualifier"),
    [
        ("钱塘区2021年R&D经费投入强度是多少？", 4.43, "exact"),
        ("What was Qiantang's R&D intensity in 2021?", 4.43, "exact"),
        ("中策橡胶投资了多少建未来工厂", 5, "nearly"),
        ("how many 5G base stations does Qiantang have", 1913, "exact"),
    ],
)
def test_the_issue_examples(store, question: str, value: float, qualifier: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, question).answer
    assert answer is not None and answer.row is not None
    assert (answer.row.observation.value, answer.row.observation.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("What share of Qiantang's land did the FTZ block take up in 2022?", 1.8),
        ("2022年自贸区钱塘区块税收占全区的比重是多少？", 15.5),
        ("What share of Qiantang's land did the FTZ block take up in 2023?", None),
        ("2024年自贸区钱塘区块税收占全区的比重是多少？", None),
    ],
)
def test_a_figure_printed_undated_is_of_its_articles_year(
    store, question: str, value: float | None
) -> None:  # type: ignore[no-untyped-def]
    """The FTZ block's shares are told as they stand in a 2022 article that gives them no year:
    they answer for 2022, as an undated fact does, and for no other year."""
    answer = ask(store, question).answer
    got = answer.row.observation.value if answer is not None and answer.row is not None else None
    assert got == value


def test_a_conflict_is_answered_with_the_other_value_as_an_alternative(store) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, "What was Qiantang's R&D intensity in 2021?")
    assert [a.row.observation.value for a in result.alternatives if a.row] == [4.54]


def test_answers_are_in_the_question_language(store) -> None:  # type: ignore[no-untyped-def]
    zh = ask(store, "钱塘区有多少个5G基站？").answer
    en = ask(store, "How many 5G base stations does Qiantang have?").answer
    assert zh is not None and en is not None
    assert "1913个" in zh.sentence_zh and "1,913 5G base stations" in en.sentence_en


def test_ask_json_and_exit_codes() -> None:
    done = runner.invoke(app, ["ask", "钱塘区2021年R&D经费投入强度是多少？", "--json"])
    assert done.exit_code == 0
    data = json.loads(done.stdout)
    assert data["reading"]["subject"]["id"] == "qiantang"
    assert data["reading"]["metric"]["id"] == "rd-intensity" and data["reading"]["year"] == 2021
    assert data["answer"]["value"] == 4.43 and data["answer"]["source"]["id"] == "zhizao-2022"
    assert set(data["answer"]["sentence"]) == {"zh", "en"}
    assert data["alternatives"][0]["value"] == 4.54
    refused = runner.invoke(app, ["ask", "钱塘区2023年GDP是多少？", "--json"])
    assert refused.exit_code == 1
    data = json.loads(refused.stdout)
    assert data["answer"] is None and data["refusal"]
    assert refused.stderr.startswith("qt: ")


@pytest.mark.parametrize(
    "question",
    [
        "钱塘区有多少家上市公司",
        "how many listed companies does Qiantang have",
        "钱塘区2023年GDP是多少？",
    ],
)
def test_a_refusal_always_names_something_the_fact_base_holds(store, question: str) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, question)
    assert result.answer is None and result.refusal
    assert result.nearest and all(result.nearest)


def test_questions_may_be_longer_than_names_but_not_unbounded() -> None:
    question = (
        "I am writing a long feature about how Hangzhou's Qiantang district has been upgrading "
        "its manufacturing base over the past few years, and my editor wants one authoritative "
        "figure with a source: what was Qiantang's R&D intensity in 2021?"
    )
    assert len(question) > 200
    long = runner.invoke(app, ["ask", question, "--json"])
    assert long.exit_code == 0, long.stderr
    assert json.loads(long.stdout)["answer"]["value"] == 4.43
    endless = runner.invoke(app, ["ask", "钱塘区" * 300, "--lang", "en"])
    assert endless.exit_code == 2
    assert "questions are at most 500" in endless.stderr
