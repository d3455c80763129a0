from django.urls import path

from . import views

app_name = "boardpack"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pack.pdf", views.download_pdf, name="pdf"),
    path("<int:pk>/pack.xlsx", views.download_xlsx, name="xlsx"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/generate/", views.regenerate, name="regenerate"),
]
