from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("oidc/authenticate/", views.oidc_start, name="oidc_start"),
    path("oidc/callback/", views.oidc_callback, name="oidc_callback"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/events/<int:pk>/", views.audit_event, name="audit_event"),
    path("audit/events/<int:pk>/restore/", views.restore, name="restore"),
    path("audit/<str:model>/<str:object_id>/", views.record_history, name="record_history"),
    path("account/organisation/", views.choose_organisation, name="choose_organisation"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
