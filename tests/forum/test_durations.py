import pytest

from forum.durations import human_wait


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.2, "1 second"),
        (8, "8 seconds"),
        (59.5, "about 1 minute"),
        (3212, "about 54 minutes"),
        (3600, "about 1 hour"),
        (5 * 3600 + 1, "about 6 hours"),
        (3 * 86400, "about 3 days"),
    ],
)
def test_human_wait_rounds_up_to_the_unit_a_person_would_use(seconds, words):
    assert human_wait(seconds) == words
