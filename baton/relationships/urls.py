from django.urls import path

from . import views

app_name = "relationships"

urlpatterns = [
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("partners/<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("partners/contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("partners/contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("partners/<int:pk>/dialogue/new/", views.dialogue_create, name="dialogue_create"),
    path("partners/dialogue/<int:pk>/edit/", views.dialogue_edit, name="dialogue_edit"),
    path("partners/dialogue/<int:pk>/delete/", views.dialogue_delete, name="dialogue_delete"),
    path("partners/dialogue/<int:pk>/promises/new/", views.promise_create, name="promise_create"),
    path("partners/promises/<int:pk>/edit/", views.promise_edit, name="promise_edit"),
    path("partners/promises/<int:pk>/delete/", views.promise_delete, name="promise_delete"),
    path("partners/programmes/<int:pk>/dialogue/", views.programme_dialogue, name="programme_dialogue"),
    path("partners/communications/", views.comms_index, name="comms_index"),
    path("partners/communications/<int:pk>/", views.comms_plan, name="comms_plan"),
    path("partners/communications/<int:pk>/new/", views.comms_create, name="comms_create"),
    path("partners/communications/items/<int:pk>/edit/", views.comms_edit, name="comms_edit"),
    path("partners/communications/items/<int:pk>/delete/", views.comms_delete, name="comms_delete"),
    path("partners/formats/", views.request_list, name="request_list"),
    path("partners/formats/new/", views.request_create, name="request_create"),
    path("partners/formats/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("partners/formats/<int:pk>/fulfil/", views.request_fulfil, name="request_fulfil"),
    path("partners/formats/<int:pk>/delete/", views.request_delete, name="request_delete"),
]
