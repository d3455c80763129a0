"""WCAG 2.2 1.4.10 Reflow, which axe cannot check: at 320 CSS pixels wide nothing but a data
table (which the criterion exempts, as it needs two dimensions) may reach past the screen's edge,
so that nobody has to scroll sideways to read text, use a form or press a button.

The crawl (test_crawl.py) runs Priya's and Pat's visits at this width with `overflow` as an extra
check on every page; this module holds the check and proves it can fail."""

from django.urls import reverse

from .helpers import settle

NARROW = {"width": 320, "height": 640}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => !el.closest('table') && !el.closest('.nhsuk-u-visually-hidden') && el.getClientRects().length)
    .filter(el => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).visibility !== 'hidden')
    .slice(0, 5)
    .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> ends at ${Math.round(el.getBoundingClientRect().right)}px`);
}"""


def overflow(page) -> list[str]:
    return [f"wider than 320px: {element}" for element in page.evaluate(OVERFLOW)]


def test_the_reflow_check_catches_a_wide_element(new_page, personas):
    page = new_page(viewport=NARROW)
    page.goto(reverse("core:login"))
    settle(page)
    assert overflow(page) == []

    # Through the CSSOM: the Content-Security-Policy refuses an inline style="..." attribute.
    page.evaluate("""() => {
        const wide = document.createElement('p');
        wide.textContent = 'Wide';
        wide.style.width = '600px';
        document.querySelector('main').append(wide);
    }""")

    assert any("<p" in problem for problem in overflow(page))
