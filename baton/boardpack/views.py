"""Pages of the board pack: the packs, newest first, with the "Generate a pack" form; a pack's
page (the pack itself, in HTML: the same content as its PDF), its progress while it is generated
(HTMX polls the page for its progress fragment; without JavaScript the page refreshes itself), its PDF and XLSX; issuing it, and generating it
again before it is issued. Four steps a view (core.pages): access, bind, act, respond."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require_member

from . import actions
from .forms import PackForm
from .models import BoardPack, BoardPackContent
from .permissions import can_make, get_pack_for_user, require_maker, require_reader


def index(request):
    member = require_member(request.user)
    require_reader(request.user)
    org = member.organisation
    may = can_make(request.user)
    form = None
    if request.method == "POST":
        require_maker(request.user)
    if may:
        form = PackForm(post_or_none(request), organisation=org, once=True)
        if request.method == "POST" and form.is_valid():
            cover = form.cover()
            ok, made = act(form, actions.generate_pack, org, by=request.user, **cover)
            if ok:
                url = reverse("boardpack:detail", args=[made.pk])
                return done(request, url, "Generating the pack. It takes a few seconds.", form=form)
    packs = BoardPack.objects.for_org(org).select_related("generated_by", "issued_by").order_by("-created_at", "-pk")
    return render_page(request, "boardpack/index.jinja", {"page": paginate(request, packs), "form": form})


def _content(pack: BoardPack) -> BoardPackContent | None:
    return BoardPackContent.objects.filter(pack=pack).only("pack_id", "html", "sheets", "seconds").first()


def _progress_context(pack: BoardPack) -> dict:
    actions.mark_stale(pack)
    return {"pack": pack, "working": pack.status == BoardPack.Status.GENERATING}


@require_safe
def detail(request, pk):
    """The pack's page; asked by HTMX for its progress (`?part=progress`), only the progress
    fragment, with `HX-Refresh` once generating has finished so the whole page shows the pack."""
    pack = get_pack_for_user(request.user, pk)
    if getattr(request, "htmx", False) and request.GET.get("part") == "progress":
        response = render_page(request, "boardpack/_progress.jinja", _progress_context(pack))
        if pack.status != BoardPack.Status.GENERATING:
            response["HX-Refresh"] = "true"
        return response
    return render_page(
        request,
        "boardpack/detail.jinja",
        {
            **_progress_context(pack),
            "content": _content(pack),
            "may_make": can_make(request.user),
            "form": VersionOnlyForm(initial={"version": pack.version}),
        },
    )


def _download(request, pk, field: str, content_type: str, extension: str) -> HttpResponse:
    pack = get_pack_for_user(request.user, pk)
    data = BoardPackContent.objects.filter(pack=pack).values_list(field, flat=True).first()
    if data is None:
        raise Http404("This pack has not been generated yet.")
    response = HttpResponse(bytes(data), content_type=content_type)
    name = f"{slugify(pack.title) or 'board-pack'}-{pack.period_end:%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def download_pdf(request, pk):
    return _download(request, pk, "pdf", "application/pdf", "pdf")


@require_safe
def download_xlsx(request, pk):
    return _download(request, pk, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")


def _confirm(request, pk, *, action, heading: str, consequence: str, button: str, message: str):
    pack = get_pack_for_user(request.user, pk)
    require_maker(request.user)
    form = VersionOnlyForm(post_or_none(request), initial={"version": pack.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, action, pack, by=request.user, expected_version=form.expected_version())
        if ok:
            return done(request, reverse("boardpack:detail", args=[pack.pk]), message)
    return render_page(
        request,
        "boardpack/confirm.jinja",
        {
            "pack": pack,
            "form": form,
            "heading": heading,
            "consequence": consequence,
            "button": button,
            "cancel": reverse("boardpack:detail", args=[pack.pk]),
        },
    )


def issue(request, pk):
    return _confirm(
        request,
        pk,
        action=actions.issue,
        heading="Issue this pack to the board?",
        consequence="An issued pack is kept as it is: it cannot be generated again or changed. "
        "For newer figures, generate a new pack.",
        button="Yes, issue it",
        message="Issued the pack.",
    )


def regenerate(request, pk):
    return _confirm(
        request,
        pk,
        action=actions.regenerate,
        heading="Generate this pack again?",
        consequence="The pack is made again from today's figures, with its cover sheet as it is. "
        "Its current files are replaced when it finishes.",
        button="Yes, generate it again",
        message="Generating the pack again. It takes a few seconds.",
    )
