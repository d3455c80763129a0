"""Redis going down must not take Baton down (issue 8, item 10). Redis is a cache and a queue:
with it gone, people still sign in and use every page (sessions are in the database, the cache
degrades to a miss), an action whose email cannot be queued still saves, and the logs say so.

Each test starts a redis-server of its own on a free port (no disk: --save "" --appendonly no),
points the settings that baton/settings.py gives with REDIS_URL set at it, and kills it."""

from __future__ import annotations

import logging
import os
import runpy
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from unittest import mock

import pytest
import redis
from django.core.cache import cache
from django.test import Client, override_settings

import baton
from baton.core.models import ApiToken
from baton.core.testing import PASSWORD
from baton.cycle.testing import make_programme, make_run

SETTINGS_FILE = Path(baton.__file__).parent / "settings.py"
# Everything baton/settings.py decides from REDIS_URL and BATON_TASKS.
REDIS_SETTINGS: tuple[str, ...] = ("CACHES", "DJANGO_REDIS_IGNORE_EXCEPTIONS", "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS")
REDIS_SETTINGS += ("DJANGO_REDIS_LOGGER", "SESSION_ENGINE", "TASKS", "RQ_QUEUES")


class OwnRedis:
    def __init__(self, binary: str):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    pytest.fail(f"redis-server did not start on port {self.port}")
                time.sleep(0.05)

    def pause(self) -> None:
        """Unreachable but keeping its data, as in a network partition."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.resume()
            self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture
def own_redis():
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is missing: apt-get install redis-server"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = OwnRedis(binary)
    yield server
    server.stop()


def settings_with_redis(url: str, tasks: str = "database") -> dict:
    """What baton/settings.py itself sets when REDIS_URL (and BATON_TASKS) are set, read by running
    the file: the test checks the production configuration, not a copy of it."""
    env = {"REDIS_URL": url, "BATON_TASKS": tasks, "BATON_ALLOW_INSECURE_KEY": "1"}
    with mock.patch.dict(os.environ, env):
        values = runpy.run_path(str(SETTINGS_FILE))
    chosen = {name: values[name] for name in REDIS_SETTINGS if name in values}
    chosen.setdefault("SESSION_ENGINE", "django.contrib.sessions.backends.db")  # Django's default
    return chosen


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in: {response.status_code}"
    return client


@pytest.mark.django_db
def test_with_redis_down_people_still_sign_in_and_use_baton_and_the_log_says_so(personas, own_redis, caplog):
    with override_settings(**settings_with_redis(own_redis.url)):
        ellie = sign_in("ellie")
        assert ellie.get("/").status_code == 200
        cache.set("probe", "up")
        assert cache.get("probe") == "up"  # the cache really is this Redis

        own_redis.stop()
        with caplog.at_level(logging.WARNING):
            assert ellie.get("/").status_code == 200
            assert ellie.get("/programmes/").status_code == 200
            priya = sign_in("priya")
            assert priya.get("/").status_code == 200
            assert cache.get("probe") is None  # a miss, not an error
            cache.set("probe", "down")

    redis_warnings = [r for r in caplog.records if r.name == "baton.redis" and r.levelno >= logging.WARNING]
    assert redis_warnings, "nothing in the log says Redis is down"
    assert "Connection" in str(redis_warnings[0].exc_info[1]) or "connect" in str(redis_warnings[0].exc_info[1])


@pytest.mark.django_db
def test_a_sign_out_while_redis_is_unreachable_stays_signed_out_when_it_comes_back(personas, own_redis):
    """Sessions are in the database alone: a Redis that kept an old copy of a session (cached_db
    would) cannot bring a signed-out session back to life."""
    with override_settings(**settings_with_redis(own_redis.url)):
        ellie = sign_in("ellie")
        assert ellie.get("/").status_code == 200
        cookie = ellie.cookies["sessionid"].value

        own_redis.pause()
        try:
            assert ellie.post("/sign-out/").status_code == 302
        finally:
            own_redis.resume()

        replay = Client()
        replay.cookies["sessionid"] = cookie
        response = replay.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_an_action_that_queues_an_email_saves_and_logs_the_lost_task(personas, own_redis, caplog):
    """Transactional: the email is queued on commit, inside the request, as in production."""
    from baton.cycle.models import Handover

    programme = make_programme(personas.org, by=personas.ellie, lead=personas.priya)
    run = make_run(programme, "needs", owner=personas.priya, by=personas.ellie)
    _token, raw = ApiToken.issue(personas.priya, "test")

    with override_settings(**settings_with_redis(own_redis.url, tasks="rq")):
        own_redis.stop()
        with caplog.at_level(logging.WARNING):
            response = Client().post(
                f"/api/runs/{run.pk}/handover",
                data={"next_owner_id": personas.ellie.pk, "summary": "What we learned."},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {raw}",
            )

    assert response.status_code == 201, response.content
    assert Handover.objects.filter(from_run=run).exists()
    lost = [r for r in caplog.records if r.name == "baton.tasks"]
    assert lost and "send_handover_waiting" in lost[0].getMessage() and "NOT queued" in lost[0].getMessage()


@pytest.mark.django_db
def test_with_redis_up_the_task_is_queued_on_redis(personas, own_redis):
    """The other half: the resilient backend still queues when Redis is there."""
    from baton.cycle.notifications import send_handover_waiting

    with override_settings(**settings_with_redis(own_redis.url, tasks="rq")):
        from django_tasks import task_backends

        result = send_handover_waiting.using(backend="default").enqueue(1)
        assert type(task_backends["default"]).__name__ == "ResilientRQBackend"

    assert result.status.name == "READY"
    assert redis.Redis.from_url(own_redis.url).llen("rq:queue:default") == 1


@pytest.mark.django_db
def test_a_redis_that_does_not_answer_holds_a_request_for_seconds_not_minutes(own_redis):
    """Queueing happens inside the request (on commit): connecting to the queue's Redis gives up
    after 2 s, where the system's own connect timeout is minutes. Reads keep no timeout (the worker
    waits on Redis for jobs), so only the connect is bounded, and a timeout already in the address
    is kept."""
    import django_rq

    with override_settings(**settings_with_redis(own_redis.url, tasks="rq")):
        kwargs = django_rq.get_connection().connection_pool.connection_kwargs
    assert kwargs["socket_connect_timeout"] == 2
    with override_settings(**settings_with_redis(own_redis.url + "?socket_connect_timeout=7", tasks="rq")):
        assert django_rq.get_connection().connection_pool.connection_kwargs["socket_connect_timeout"] == 7
