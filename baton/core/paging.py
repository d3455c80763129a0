"""One way to paginate every list page: Django's paginator (two queries a page, whatever the
size) and the NHS.UK pagination component's parameters."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None, param: str = "page", count: int | None = None):
    """A page of `queryset` for `?<param>=N`, with `page.nav` for the pagination component. `count`:
    the number of rows when the caller has already counted them, so they are not counted twice."""
    paginator = Paginator(queryset, per_page or settings.BATON_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property: this is its cached value
    page = paginator.get_page(request.GET.get(param))
    query = request.GET.copy()

    def link(number: int) -> str:
        query[param] = number
        return "?" + query.urlencode()

    page.nav = {  # type: ignore[attr-defined]  # for the template's pagination component
        "previous": {
            "href": link(page.previous_page_number()),
            "labelText": f"Page {page.number - 1} of {paginator.num_pages}",
        }
        if page.has_previous()
        else None,
        "next": {"href": link(page.next_page_number()), "labelText": f"Page {page.number + 1} of {paginator.num_pages}"}
        if page.has_next()
        else None,
    }
    return page
