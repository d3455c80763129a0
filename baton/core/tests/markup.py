"""Comparing markup in tests."""

from html.parser import HTMLParser


def html_elements(html):
    """The document as a list of elements with their attributes (in order) and texts, whitespace
    between them ignored: two pieces of markup that give equal lists are the same HTML to a browser
    and to assistive technology."""
    out = []

    class Elements(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.append(("<", tag, tuple(attrs)))

        def handle_endtag(self, tag):
            out.append((">", tag))

        def handle_data(self, data):
            if text := " ".join(data.split()):
                out.append(("text", text))

    parser = Elements(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return out
