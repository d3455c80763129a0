"""WCAG 2.2 1.4.10 Reflow, which axe cannot check: at 320 CSS pixels wide nothing may reach past
the screen's edge and the page may not scroll sideways, so that nobody has to scroll sideways to
read text, use a form or press a button. Data tables use the NHS.UK responsive pattern (each row a
block of heading and value on a narrow screen), so they are not exempt either.

The crawl (test_crawl.py) runs Priya's and Pat's visits at this width with `overflow` as an extra
check on every page; this module holds the check and proves it can fail."""

from django.urls import reverse

from .helpers import settle

NARROW = {"width": 320, "height": 640}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  // Visually hidden content (the NHS.UK pattern clips it to nothing) is there for screen readers
  // only: a responsive table's header row, say. It never shows, so it cannot push the page wider.
  const clipped = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clipPath !== 'none' || (style.clip && style.clip !== 'auto')) return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => !el.closest('.nhsuk-u-visually-hidden') && el.getClientRects().length && !clipped(el))
    .filter(el => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).visibility !== 'hidden')
    .slice(0, 5)
    .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> ends at ${Math.round(el.getBoundingClientRect().right)}px`);
  if (document.documentElement.scrollWidth > width + 1) {
    wide.unshift(`the page scrolls sideways: ${document.documentElement.scrollWidth}px wide`);
  }
  return wide;
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
