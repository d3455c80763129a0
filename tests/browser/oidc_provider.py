"""The browser tests' own OpenID Connect provider: tests/oidc/provider.js (panva's oidc-provider,
an OpenID Certified implementation) run with node in a subprocess on a free port."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

OIDC_DIR = Path(__file__).resolve().parents[1] / "oidc"
STARTUP_SECONDS = 20


def node_or_skip() -> str:
    """The node binary; without it (or without tests/oidc/node_modules) the test is skipped
    locally and fails in CI, as the browser tests do without chromium."""
    node = shutil.which("node")
    if node is None:
        problem = "node is missing: install Node.js 20 or later and npm to run the OIDC browser test"
    elif not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        problem = "tests/oidc/node_modules is missing: run `npm ci --prefix tests/oidc` (scripts/test does)"
    else:
        return node
    if os.environ.get("CI"):
        pytest.fail(problem)
    pytest.skip(problem)


@contextmanager
def running_provider(
    *,
    client_id: str,
    client_secret: str,
    redirect_uris: list[str],
    post_logout_redirect_uris: list[str],
    accounts: dict[str, str],
    log: Path,
) -> Iterator[str]:
    """Starts the provider, waits until its discovery document answers, yields its issuer
    (http://127.0.0.1:<port>) and stops it. accounts: login -> the email address it vouches for."""
    options = [("--client-id", client_id), ("--client-secret", client_secret)]
    options += [("--redirect-uri", uri) for uri in redirect_uris]
    options += [("--post-logout-redirect-uri", uri) for uri in post_logout_redirect_uris]
    options += [("--account", f"{login}={email}") for login, email in accounts.items()]
    command = [node_or_skip(), str(OIDC_DIR / "provider.js"), "--exit-with-stdin"]
    command += [part for option in options for part in option]
    with log.open("w") as output:
        # Its stdin is a pipe only this process holds: if pytest dies, the provider stops too.
        process = subprocess.Popen(
            command, cwd=OIDC_DIR, stdin=subprocess.PIPE, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield _wait_until_ready(process, log)
    finally:
        if process.stdin:  # always: stdin=PIPE
            process.stdin.close()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen, log: Path) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    issuer = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OIDC provider stopped (exit {process.returncode}):\n{log.read_text()}")
        if issuer is None:
            lines = [line for line in log.read_text().splitlines() if line.startswith("issuer ")]
            issuer = lines[0].split(" ", 1)[1] if lines else None
        if issuer is not None:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                    return issuer
            except requests.ConnectionError:
                pass
        time.sleep(0.1)
    raise RuntimeError(f"the OIDC provider did not answer within {STARTUP_SECONDS}s:\n{log.read_text()}")
