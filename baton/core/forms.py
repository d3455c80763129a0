from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import ApiToken


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive. Ask your Baton administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class VersionedForm(forms.ModelForm):
    """A model form that carries the version the user saw, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class ApiTokenForm(forms.ModelForm):
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=ApiToken.Lifetime.choices,
        coerce=int,
        initial=ApiToken.DEFAULT_LIFETIME,
        widget=forms.RadioSelect,
        help_text="The token stops working after this. Choose the shortest time that will do.",
        error_messages={
            "required": "Choose how long the token lasts",
            "invalid_choice": "Choose how long the token lasts: 30 days, 90 days, 180 days or 1 year",
        },
    )

    class Meta:
        model = ApiToken
        fields = ["name"]
        error_messages = {
            "name": {
                "required": "Enter what the token is for",
                "max_length": "Describe what the token is for in 100 characters or fewer",
            }
        }
