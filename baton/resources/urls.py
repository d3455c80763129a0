from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("resources/", views.index, name="index"),
    path("resources/programmes/<int:pk>/", views.programme_money, name="programme_money"),
    path("resources/budgets/", views.budget_list, name="budget_list"),
    path("resources/budgets/new/", views.budget_create, name="budget_create"),
    path("resources/budgets/<int:pk>/edit/", views.budget_edit, name="budget_edit"),
    path("resources/budgets/<int:pk>/delete/", views.budget_delete, name="budget_delete"),
    path("resources/spend/", views.spend_list, name="spend_list"),
    path("resources/spend/new/", views.spend_create, name="spend_create"),
    path("resources/spend/<int:pk>/edit/", views.spend_edit, name="spend_edit"),
    path("resources/spend/<int:pk>/delete/", views.spend_delete, name="spend_delete"),
    path("resources/rate-cards/", views.card_list, name="card_list"),
    path("resources/rate-cards/new/", views.card_create, name="card_create"),
    path("resources/rate-cards/<int:pk>/", views.card_detail, name="card_detail"),
    path("resources/rate-cards/<int:pk>/edit/", views.card_edit, name="card_edit"),
    path("resources/claims/", views.claim_list, name="claim_list"),
    path("resources/claims/new/", views.claim_start, name="claim_start"),
    path("resources/my-claims/", views.my_claims, name="my_claims"),
    path("resources/participations/<int:pk>/claim/", views.claim_create, name="claim_create"),
    path("resources/claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("resources/claims/<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("resources/claims/<int:pk>/query/", views.claim_query, name="claim_query"),
    path("resources/claims/<int:pk>/refuse/", views.claim_refuse, name="claim_refuse"),
    path("resources/claims/<int:pk>/answer/", views.claim_answer, name="claim_answer"),
    path("resources/receipts/<int:pk>/", views.receipt, name="receipt"),
    path("resources/exports/", views.export_list, name="export_list"),
    path("resources/exports/new/", views.export_create, name="export_create"),
    path("resources/exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("resources/exports/<int:pk>/file/", views.export_file, name="export_file"),
    path("resources/exports/<int:pk>/repeat/", views.export_repeat, name="export_repeat"),
]
