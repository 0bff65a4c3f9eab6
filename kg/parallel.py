"""Where batches of work run: in this process, in local worker processes, or on a Dask cluster.

``runner`` gives a function ``run(work, batches)`` that yields ``work(batch)`` for each batch as
the results come. The caller stays the one writer of what the results go to. Batches are read only
as fast as the workers take them (a few per worker in flight), so a corpus is never all in memory.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial
from itertools import islice
from typing import TypeVar

from kg.errors import KgError

T = TypeVar("T")
R = TypeVar("R")
Run = Callable[[Callable[[T], R], Iterable[T]], Iterator[R]]
IN_FLIGHT_PER_WORKER = 2  # one batch running, one waiting: no worker idles while the writer writes


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@contextmanager
def runner(workers: int = 1, dask: str | None = None) -> Iterator[Run]:
    """Run batches serially (workers=1), in ``workers`` local processes, or on the Dask scheduler at
    address ``dask`` (e.g. tcp://10.0.0.5:8786), whose workers need kg installed."""
    if dask:
        with _dask_client(dask) as client:
            threads = sum(client.nthreads().values()) or 1
            yield partial(_in_flight, client.get_executor(pure=False), IN_FLIGHT_PER_WORKER * threads)
    elif workers > 1:
        # spawn: a forked worker would inherit the open store and whatever threads the parent runs
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            try:
                yield partial(_in_flight, pool, IN_FLIGHT_PER_WORKER * workers)
            except BrokenProcessPool as error:
                raise KgError(f"a worker process died ({error}); run the build again to resume") from None
    else:
        yield map


@contextmanager
def _dask_client(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise KgError("--dask needs dask.distributed: pip install 'kg[dask]'") from None
    try:
        client = Client(address, timeout="30s")
    except (OSError, TimeoutError) as error:
        raise KgError(f"{address}: cannot reach the Dask scheduler ({error})") from None
    with client:
        yield client


def _in_flight(executor: Executor, window: int, work: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
    """``work`` over ``batches`` on ``executor``, results as they complete, at most ``window`` submitted
    ahead. (Executor.map would submit every batch at once: the whole corpus in memory.)"""
    pending: set = set()
    for batch in batches:
        pending.add(executor.submit(work, batch))
        if len(pending) >= window:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)
    yield from (future.result() for future in as_completed(pending))
