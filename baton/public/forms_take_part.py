"""The public form to register interest in an opportunity: only what is needed, with a honeypot
field that people never see."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm
from baton.people.models import Purpose

NEED_CHOICES = [
    ("easy_read", "Easy read"),
    ("bsl", "A British Sign Language interpreter"),
    ("large_print", "Large print"),
    ("hearing_loop", "A hearing loop"),
    ("step_free", "Step-free access"),
]
CONSENT_CHOICES = [
    (Purpose.CONTACT_ACTIVITY, "You may contact me about this activity (needed to register)"),
    (Purpose.FUTURE_OPPORTUNITIES, "You may contact me about future opportunities to take part"),
    (Purpose.EQUALITY_MONITORING, "You may ask me equality monitoring questions (always optional)"),
    (Purpose.NAMED_PUBLICLY, "You may name me publicly (for example in a report or on a website)"),
]


class InterestForm(BatonForm):
    """What a member of the public gives to register interest: only what is needed."""

    name = forms.CharField(
        label="Your name",
        max_length=200,
        help_text="A first name or a name you would like us to use is enough.",
        error_messages={"required": "Enter your name, or a name you would like us to use"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    needs = forms.MultipleChoiceField(
        label="What would help you take part?",
        choices=NEED_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    language = forms.CharField(
        label="A language other than English", required=False, max_length=100, help_text="For example Polish or Urdu."
    )
    other_needs = forms.CharField(
        label="Anything else that would help",
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label="Why you are interested",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consents = forms.MultipleChoiceField(
        label="What you agree to",
        choices=CONSENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You can change your mind at any time by contacting us.",
    )
    # The honeypot: hidden from people (and from screen readers); a program filling every box fills it.
    website = forms.CharField(required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", "Enter an email address or a phone number, so that we can contact you")
        if Purpose.CONTACT_ACTIVITY not in (data.get("consents") or []) and "consents" not in self.errors:
            self.add_error("consents", "Agree to be contacted about this activity, so that we can reply to you")
        return data

    def is_spam(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "email": data.get("email") or "",
            "phone": (data.get("phone") or "").strip(),
            "needs": data.get("needs") or [],
            "language": (data.get("language") or "").strip(),
            "other_needs": (data.get("other_needs") or "").strip(),
            "message": (data.get("message") or "").strip(),
            "consents": {purpose: purpose in (data.get("consents") or []) for purpose in Purpose.values},
        }
