from django.urls import path

from . import take_part, views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.organisation, name="organisation"),
    path("<slug:slug>/programmes/<int:pk>/", views.programme, name="programme"),
    path("<slug:slug>/take-part/", take_part.take_part, name="take_part"),
    path("<slug:slug>/take-part/<int:pk>/", take_part.opportunity, name="opportunity"),
    path("<slug:slug>/take-part/<int:pk>/thank-you/", take_part.opportunity_thanks, name="opportunity_thanks"),
]
