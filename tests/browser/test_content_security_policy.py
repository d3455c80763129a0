"""The Content-Security-Policy holds in a real browser, and the page checks report a violation: an
inline script without the nonce does not run and shows as a console error."""

from .helpers import page_problems, sign_in


def test_an_inline_script_without_the_nonce_is_blocked_and_reported(page, personas):
    sign_in(page, "priya")
    assert page_problems(page) == []

    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.appendChild(script);
    }""")

    assert page.evaluate("window.injected === undefined")
    problems = "\n".join(page.watch.take())
    assert "Content Security Policy" in problems


def test_the_design_systems_own_script_runs_with_the_nonce(page, personas):
    page.goto("/sign-in/")
    # The NHS.UK template's inline script (with the nonce) adds these classes.
    assert page.evaluate("document.body.classList.contains('js-enabled')")
    assert page_problems(page) == []
