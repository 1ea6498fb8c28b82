"""The summary at the top of the insights page meets the plain-English checker's reading age target."""

from __future__ import annotations

import pytest

from coproduce.analysis.plain_english import check_text
from coproduce.insights import report
from coproduce.insights.scope import Scope
from coproduce.insights.tests.conftest import came

pytestmark = pytest.mark.django_db


def test_the_summary_reads_at_the_target_age(org, area, activity) -> None:
    for index in range(30):
        came(activity, name=f"W{index}", answers={"ethnic_group": "white_british", "sex": "female"}, decile=9)
    for index in range(6):
        came(activity, name=f"M{index}", answers={"ethnic_group": "white_british", "sex": "male"}, decile=1)
    sentences = report.build(Scope(org)).summary
    text = " ".join(sentences)
    assert "Men are 50% of people aged 16 to 64 in Hartlepool" in text
    assert "well below their share" in text
    checked = check_text(text)
    assert checked.meets_target, (checked.reading_age, text)
    assert not checked.long_sentences
