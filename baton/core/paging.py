"""One way to paginate every list page: Django's paginator (two queries a page, whatever the
size) and the NHS.UK pagination component's parameters."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None, param: str = "page"):
    paginator = Paginator(queryset, per_page or settings.BATON_PAGE_SIZE)
    page = paginator.get_page(request.GET.get(param))
    query = request.GET.copy()

    def link(number: int) -> str:
        query[param] = number
        return "?" + query.urlencode()

    page.nav = {
        "previous": {"href": link(page.previous_page_number()), "labelText": f"Page {page.number - 1} of {paginator.num_pages}"}
        if page.has_previous() else None,
        "next": {"href": link(page.next_page_number()), "labelText": f"Page {page.number + 1} of {paginator.num_pages}"}
        if page.has_next() else None,
    }
    return page
