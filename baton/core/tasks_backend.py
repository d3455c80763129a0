"""The RQ task backend (BATON_TASKS=rq), for when Redis is down.

Tasks are queued on commit of the change that asked for them (a hand-over's email, say). If Redis
is unreachable then, django-tasks-rq raises, and the person whose change was saved would see an
error page. Here the failure is logged instead, at ERROR on the `baton.tasks` logger, naming the
task and its arguments so the work can be redone, and enqueue() answers a FAILED result."""

import logging

from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id
from django_tasks_rq import RQBackend
from redis.exceptions import RedisError

log = logging.getLogger("baton.tasks")


class ResilientRQBackend(RQBackend):
    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except RedisError as exc:
            log.error(
                "Redis is unreachable (%s): the task %s was NOT queued, with args %r and kwargs %r. "
                "The change that asked for it was saved; run the task again once Redis is back.",
                exc,
                task.module_path,
                args,
                kwargs,
            )
            return TaskResult(
                task=task,
                id=get_random_id(),
                status=TaskResultStatus.FAILED,
                enqueued_at=None,
                started_at=None,
                last_attempted_at=None,
                finished_at=None,
                args=args,
                kwargs=kwargs,
                backend=self.alias,
                errors=[],
                worker_ids=[],
            )
