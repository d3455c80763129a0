from django.urls import include, path

app_name = "people"

urlpatterns = [
    path("", include("baton.people.urls_taking_part")),
]
