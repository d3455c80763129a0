"""The README lists every registered indicator with its definition as the code has it."""

from ..readme import README, section


def test_the_readme_lists_every_indicator_with_its_definition():
    assert section() in README.read_text(), (
        "the README's list of indicators is out of date: "
        'python manage.py shell -c "from baton.indicators import readme; readme.write()"'
    )
