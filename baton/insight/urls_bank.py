"""The insight bank's page, at /insight/bank/ (namespace `bank`, apart from the insight app's own
pages)."""

from django.urls import path

from . import views_bank

app_name = "bank"

urlpatterns = [
    path("", views_bank.search, name="search"),
]
