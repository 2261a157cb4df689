"""MAX_WAIT_DAYS: days per bed profile of the registry; empty, no guarantee;
anything else stops the start with a clear message."""

from __future__ import annotations

import pytest

from services.queue.settings import QueueSettings
from shared.settings import SettingsError

DEV = {"KEZEK_ENV": "development"}


def test_days_by_profile():
    found = QueueSettings.from_env(
        {**DEV, "MAX_WAIT_DAYS": "psychiatry=90, narcology=60"}
    )
    assert found.max_waits == {"psychiatry": 90, "narcology": 60}
    assert QueueSettings.from_env(DEV).max_waits == {}


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("oncology=30", "'oncology' is not a bed profile"),
        ("psychiatry=0", "whole number of 1 or more"),
        ("psychiatry=-3", "whole number of 1 or more"),
        ("psychiatry=ninety", "whole number of 1 or more"),
        ("psychiatry", "whole number of 1 or more"),
        ("psychiatry=90,psychiatry=60", "given twice"),
    ],
)
def test_a_bad_value_is_refused(raw, says):
    with pytest.raises(SettingsError, match="MAX_WAIT_DAYS") as refused:
        QueueSettings.from_env({**DEV, "MAX_WAIT_DAYS": raw})
    assert says in str(refused.value)
