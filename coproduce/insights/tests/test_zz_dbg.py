import pytest
from coproduce.insights import report
from coproduce.insights.scope import Scope
from coproduce.insights.tests.conftest import came
pytestmark = pytest.mark.django_db
def test_x(org, area, activity):
    for i in range(95): came(activity, name=f"W{i}", answers={"ethnic_group": "white_british"})
    for i in range(5): came(activity, name=f"P{i}", answers={"ethnic_group": "asian_pakistani"})
    for s in report.build(Scope(org)).summary: print(repr(s))
    assert 0
