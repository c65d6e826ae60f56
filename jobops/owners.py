"""Who holds a claim, and whether they are still alive.

A claim (a job in ``processing``, a pipeline run holding the one-run slot) records its owner as
``host:pid:start``: the machine, the process id, and the process's start time (so a recycled pid
is never mistaken for the original process). On the same machine, a dead owner is known at once
and its claims are released immediately (at API start, at run start, by the recover flow, on
cancel); an owner on another machine (a Prefect worker) is unknown here and keeps its claim until
its lease runs out.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Owner:
    host: str
    pid: int
    started: str  # the process's start time in clock ticks since boot ("" where unknown)

    @property
    def key(self) -> str:
        return f"{self.host}:{self.pid}:{self.started}"

    @classmethod
    def parse(cls, key: str | None) -> Owner | None:
        if not key:
            return None
        host, _, rest = key.rpartition(":")
        host, _, pid = host.rpartition(":")
        try:
            return cls(host=host, pid=int(pid), started=rest)
        except ValueError:
            return None


def _start_time(pid: int) -> str:
    """Field 22 of /proc/<pid>/stat (Linux); "" elsewhere or when the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # the command name (field 2) is in parentheses and may hold spaces: split after it
    fields = stat.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else ""


@cache
def this_process() -> Owner:
    """The owner a claim made by this process records (computed once per process)."""
    pid = os.getpid()
    return Owner(host=socket.gethostname(), pid=pid, started=_start_time(pid))


def of_pid(pid: int) -> Owner:
    """The owner record of another process on this machine (a run the API spawned)."""
    return Owner(host=socket.gethostname(), pid=pid, started=_start_time(pid))


def is_alive(key: str | None) -> bool | None:
    """True or False for an owner on this machine; None when it cannot be told here (another
    machine, or no owner recorded): the caller then falls back on the lease."""
    owner = Owner.parse(key)
    if owner is None or owner.host != socket.gethostname():
        return None
    if owner.pid == os.getpid():
        return owner.started == this_process().started
    try:
        os.kill(owner.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    started = _start_time(owner.pid)
    if owner.started and started and started != owner.started:
        return False  # the pid was reused by a newer process
    return not _is_zombie(owner.pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rpartition(")")[2].split()
    return bool(fields) and fields[0] == "Z"
