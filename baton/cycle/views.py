from django.shortcuts import render


def hub(request):
    return render(request, "cycle/hub.jinja", {})


def programme_list(request):
    return render(request, "cycle/hub.jinja", {})


def handover_list(request):
    return render(request, "cycle/hub.jinja", {})


def handover_detail(request, pk):
    return render(request, "cycle/hub.jinja", {})
