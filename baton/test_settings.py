"""Settings for the test suite: the real settings, with test-friendly defaults from the
environment (DATABASE_URL still chooses SQLite or PostgreSQL)."""

import os

os.environ.setdefault("BATON_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("BATON_TASKS", "immediate")
os.environ.setdefault("BATON_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from baton.settings import *  # noqa: E402,F403
from baton.settings import STORAGES  # noqa: E402

# Hashing passwords slowly is the point in production and a waste in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
