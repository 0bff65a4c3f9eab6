"""Work on a store in worker processes that are stopped at a time limit and a memory limit.

A query runs inside Oxigraph (Rust), where Python cannot interrupt it, and a cartesian product can
run for minutes or fill the memory within seconds. So each call runs in a worker process that has
the store open: over its time limit the worker is killed, over its memory limit (an rlimit) it
dies, and either way it is replaced and the caller gets an OverLimit error, while the other
workers go on answering.

    with Workers(Path("stores/seeds"), count=2) as workers:
        triples = workers.run(Store.triple_count, timeout=30)  # store.triple_count() in a worker

Read-only workers (the default) open the store side by side, and writers are kept out meanwhile
(kg.rdf.shared_for_reading). A writable pool has one worker, which holds the store as any writer.
Workers are forked from a fork server that has imported ``preload``: a replacement starts at once,
and inherits neither the threads nor the open files of the process that asks for it.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.rdf import Store, shared_for_reading

MEMORY = 2 * 2**30  # bytes a worker may allocate


class OverLimit(KgError):
    """A call stopped at a limit: its time, its worker's memory, or no worker free in time."""


def memory_message(memory: int) -> str:
    return f"stopped: it needed more than {memory / 2**30:g} GB of memory (the limit)"


def serve_calls(connection: Connection, path: Path, writable: bool, memory: int) -> None:
    """A worker's life: open the store, say whether that worked, then run each ``(function, args)``
    received as ``function(store, *args)`` and send back (True, its result) or (False, its error),
    until the parent goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent stops us
    resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    # Over the limit Rust aborts with a message on stderr; the parent reports it in one line instead.
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    try:
        store = Store(path, read_only=not writable)
    except KgError as error:
        connection.send((False, error))
        return
    connection.send((True, None))
    with store:
        while True:
            try:
                function, args = connection.recv()
            except EOFError:
                return
            try:
                reply = (True, function(store, *args))
            except MemoryError:  # from Python; Rust aborts instead
                reply = (False, OverLimit(memory_message(memory)))
            except Exception as error:  # the caller's to judge, like any error of its function
                reply = (False, error)
            connection.send(reply)


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context, path: Path, writable: bool, memory: int):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=serve_calls, args=(child, path, writable, memory), daemon=True)
        self.process.start()
        child.close()
        self.opened = False

    def call(self, function: Callable, args: tuple, deadline: float | None) -> tuple[bool, Any]:
        """The reply to ``function(store, *args)``: (True, its result) or (False, its error).

        TimeoutError after ``deadline`` (time.monotonic); EOFError or BrokenPipeError when the worker died.
        """
        opening = self.opening(deadline)
        if not opening[0]:
            return opening
        self.connection.send((function, args))
        return self.receive(deadline)

    def opening(self, deadline: float | None) -> tuple[bool, Any]:
        """(True, None) once the worker has opened the store, else (False, why not): its first message."""
        if self.opened:
            return True, None
        reply = self.receive(deadline)
        self.opened = reply[0]
        return reply

    def receive(self, deadline: float | None) -> tuple[bool, Any]:
        if not self.connection.poll(None if deadline is None else max(0.0, deadline - time.monotonic())):
            raise TimeoutError
        return self.connection.recv()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


class Workers:
    """``count`` worker processes with the store at ``path`` open; a call waits for a free one."""

    def __init__(self, path: Path, count: int = 1, writable: bool = False, memory: int = MEMORY,
                 preload: tuple[str, ...] = ()):
        self.path, self.count, self.writable, self.memory = Path(path), count, writable, memory
        self.context = multiprocessing.get_context("forkserver")
        # The fork server imports these once, when it starts (the first time a process asks for a worker).
        self.context.set_forkserver_preload(["__main__", __name__, *preload])
        self.idle: list[Worker] = []
        self.running: set[Worker] = set()
        self.free = threading.Condition()  # guards idle, running and closed; notified when a worker is free
        self.closed = False
        self.resources = ExitStack()

    def __enter__(self) -> "Workers":
        with ExitStack() as resources:
            if not self.writable:
                resources.enter_context(shared_for_reading(self.path))
            resources.callback(self.close)
            self.idle = [self.start() for _ in range(self.count)]
            for worker in self.idle:  # an unopenable store fails here, once, not at every call
                ok, error = worker.opening(None)
                if not ok:
                    raise error
            self.resources = resources.pop_all()
        return self

    def __exit__(self, *exc) -> None:
        self.resources.close()

    def start(self) -> Worker:
        worker = Worker(self.context, self.path, self.writable, self.memory)
        self.running.add(worker)
        return worker

    def run(self, function: Callable, *args, timeout: float | None = None) -> Any:
        """``function(store, *args)`` in a free worker: its result, or its error raised here.

        OverLimit when the call, waiting for a free worker included, takes over ``timeout`` seconds
        (the worker is then killed) or its worker dies (over the memory limit). ``function`` is
        pickled by name, so it is a module's function.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        worker = self.take(deadline, timeout)
        try:
            ok, value = worker.call(function, args, deadline)
        except TimeoutError:
            self.replace(worker)
            raise OverLimit(f"stopped after {timeout:g} s (the time limit)") from None
        except (EOFError, BrokenPipeError):
            worker.process.join(1)  # it has ended or is ending: its exit code says how
            ended = worker.process.exitcode
            self.replace(worker)
            raise OverLimit(self.death(ended)) from None
        self.give_back(worker)
        if not ok:
            raise value
        return value

    def take(self, deadline: float | None, timeout: float | None) -> Worker:
        with self.free:
            waited = self.free.wait_for(lambda: self.closed or self.idle,
                                        None if deadline is None else max(0.0, deadline - time.monotonic()))
            if self.closed:
                raise OverLimit("stopped: the workers are shutting down")
            if not waited:
                raise OverLimit(f"no worker was free within {timeout:g} s (all {self.count} busy)")
            return self.idle.pop()

    def give_back(self, worker: Worker) -> None:
        with self.free:
            self.idle.append(worker)
            self.free.notify()

    def replace(self, worker: Worker) -> None:
        worker.stop()
        with self.free:
            self.running.discard(worker)
            if not self.closed:
                self.idle.append(self.start())
                self.free.notify()

    def death(self, ended: int | None) -> str:
        if self.closed:
            return "stopped: the workers are shutting down"
        if ended in (-signal.SIGABRT, -signal.SIGKILL):  # Rust's abort on a failed allocation; the kernel's OOM killer
            return memory_message(self.memory)
        return f"stopped: its worker process ended (exit code {ended})"

    def close(self) -> None:
        """Kill every worker, the busy ones too: their callers get OverLimit at once."""
        with self.free:
            self.closed = True
            workers, self.idle = list(self.running), []
            self.free.notify_all()
        for worker in workers:
            worker.process.kill()
        for worker in workers:
            worker.process.join()
