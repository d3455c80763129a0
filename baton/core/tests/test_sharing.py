"""`registry.sharing()`: within the block a key is computed once; outside it, every time; a nested
block shares the outer one's."""

from baton.core import registry


def test_a_key_is_computed_once_inside_and_every_time_outside():
    calls = []

    def count():
        calls.append(1)
        return len(calls)

    assert registry.shared("k", count) == 1 and registry.shared("k", count) == 2
    with registry.sharing():
        assert registry.shared("k", count) == 3
        with registry.sharing():
            assert registry.shared("k", count) == 3
        assert registry.shared("k", count) == 3
        assert registry.shared("other", count) == 4
    assert registry.shared("k", count) == 5
