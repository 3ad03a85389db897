"""`ambassade score`: score JSON lines from stdin, or the mentions of the store."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from json.encoder import encode_basestring_ascii
from typing import BinaryIO

import click
import orjson

from ambassade.errors import AmbassadeError, InputError

MAX_LINE_BYTES = 1_000_000  # a longer line is reported and skipped, never read whole
LINES_PER_TASK = 2_000
DEFAULT_LANGUAGES = ("fr", "en")


@click.command()
@click.option("--jsonl", is_flag=True, help='Score {"id","text"[,"lang"]} lines from stdin; print one JSON line each.')
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Processes (default: the available cores).")
@click.option("--no-signals", is_flag=True, help="Store mode: score only, do not refresh advocacy classes and alerts.")
@click.pass_obj
def score(app, jsonl: bool, workers: int | None, no_signals: bool) -> None:
    """Score texts from stdin (--jsonl), or every new mention of the store and refresh the signals.

    With --jsonl, bad lines (not JSON, no id or text, wrong types, over 1 MB) are reported on
    stderr with their line number and skipped; the exit code is then 2.
    """
    settings = app.settings(required=not jsonl)
    languages = tuple(settings.brand.languages) if settings else DEFAULT_LANGUAGES
    if jsonl:
        try:
            bad = score_jsonl(sys.stdin.buffer, sys.stdout.buffer, languages, workers)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as other Unix filters do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except BrokenProcessPool:
            raise AmbassadeError("a scoring worker process died (out of memory?); try --workers 1") from None
        if bad:
            raise InputError(f"{bad} bad input line(s) skipped (see above)")
        return
    from ambassade.text.terms import TermMatcher
    from scoring.batch import score_store
    from scoring.signals import refresh_signals

    from ambassade.settings import lock_retry_seconds
    from store.state import ShortLivedStore

    matcher = TermMatcher(settings.brand.terms, settings.brand.exclude)
    app.open_store(settings_required=True).close()   # create or upgrade it; bad paths fail here
    # Opened for each batch's read and write and closed in between: the dashboard reads
    # while a long backlog is scored (README "Concurrency").
    store = ShortLivedStore(app.db_path(settings_required=True), retry_seconds=lock_retry_seconds())
    count = score_store(store, matcher, languages, progress=lambda m: click.echo(m, err=True),
                        workers=workers)
    click.echo(f"scored {count} mentions", err=True)
    from store.search import index_pending

    index_pending(store)    # the explorer's word index catches up (short transactions, 0026)
    if not no_signals:
        click.echo(refresh_signals(store, settings).describe(), err=True)


def score_jsonl(stream: BinaryIO, out: BinaryIO, languages: tuple[str, ...], workers: int | None = None) -> int:
    """Score every good line of `stream` to `out` in input order; returns the number of bad lines."""
    from scoring.batch import cores, die_with_parent, warm_up

    workers = workers or cores()
    chunks = _chunks(_lines(stream), LINES_PER_TASK)
    head = list(itertools.islice(chunks, 2))
    if len(head) < 2 or workers == 1:
        return _write((_score_lines(c, languages) for c in itertools.chain(head, chunks)), out)
    # Load the language model (0.5 s) before forking only if the input seems to need it.
    warm_up(languages, detect=any(raw is not None and b'"lang"' not in raw for _, raw in head[0]))
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        return _write(_bounded_map(pool, itertools.chain(head, chunks), languages, 2 * workers), out)


def _bounded_map(pool: ProcessPoolExecutor, chunks: Iterator[list], languages: tuple[str, ...], ahead: int):
    """Results in order, with at most `ahead` chunks in flight (stdin is never read whole)."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(pool.submit(_score_lines, chunk, languages))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _write(results: Iterable[tuple[str, list[str]]], out: BinaryIO) -> int:
    bad = 0
    for lines, errors in results:
        for message in errors:
            click.echo(f"ambassade: {message}", err=True)
        bad += len(errors)
        if lines:
            out.write(lines.encode("ascii"))
    out.flush()
    return bad


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each non-blank line; None for a line over MAX_LINE_BYTES."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drop the rest without keeping it
                line = stream.readline(MAX_LINE_BYTES)
            yield number, None
        elif line.strip():
            yield number, line


def _chunks(lines: Iterator, size: int) -> Iterator[list]:
    chunk: list = []
    for item in lines:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _score_lines(chunk: list[tuple[int, bytes | None]], languages: tuple[str, ...]) -> tuple[str, list[str]]:
    """Output text and error messages for one chunk of input lines (runs in a worker).

    Identical (text, lang) pairs in a chunk are scored once. Output is ASCII JSON (ids with
    any character, lone surrogates included, come back escaped), formatted directly, byte for
    byte what `json.dumps` of the record gives: strings through the encoder `json.dumps`
    itself uses, and the numbers are Python ints and floats, whose repr is valid JSON.
    """
    from scoring.batch import score_one

    out: list[str] = []
    errors: list[str] = []
    cache: dict[tuple[str, str | None], str] = {}
    quoted = _quoted_lang
    for number, raw in chunk:
        problem, record = _parse(raw)
        if problem:
            errors.append(f"line {number}: {problem}, skipped")
            continue
        ident, text, lang = record
        key = (text, lang)
        tail = cache.get(key)
        if tail is None:
            lang, s, _ = score_one(text, lang, languages, None)
            tail = (f', "lang": {quoted.get(lang) or _quote_lang(lang)}, "compound": {s.compound!r}, '
                    f'"pos": {s.pos!r}, "neu": {s.neu!r}, "neg": {s.neg!r}, "label": "{s.label}"}}')
            cache[key] = tail
        out.append(f'{{"id": {_quote(ident) if type(ident) is str else int.__repr__(ident)}{tail}')
    return ("\n".join(out) + "\n") if out else "", errors


# json.dumps of a str is this C function's answer (ensure_ascii, the default).
_quote = encode_basestring_ascii
_quoted_lang: dict[str | None, str] = {None: "null"}


def _quote_lang(lang: str | None) -> str:
    quoted = _quoted_lang[lang] = json.dumps(lang)
    return quoted


def _loads(raw: bytes):
    """The JSON value of a line: orjson (about 5x faster), or the standard library where orjson
    refuses what it accepts (NaN, lone surrogates, a BOM, UTF-16)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


def _parse(raw: bytes | None) -> tuple[str | None, tuple]:
    if raw is None:
        return f"line over {MAX_LINE_BYTES} bytes", ()
    try:
        record = _loads(raw)
    except (ValueError, RecursionError):
        return "not a JSON object", ()
    if not isinstance(record, dict):
        return "not a JSON object", ()
    ident, text, lang = record.get("id"), record.get("text"), record.get("lang")
    if type(ident) is float:  # orjson reads an integer over 64 bits as a float: read it again
        record = json.loads(raw)
        ident = record.get("id")
    if ident is None or isinstance(ident, bool) or not isinstance(ident, (str, int)):
        return 'missing or invalid "id" (a string or an integer)', ()
    if not isinstance(text, str):
        return 'missing or invalid "text" (a string)', ()
    if lang is not None and not isinstance(lang, str):
        return '"lang" must be a string or null', ()
    return None, (ident, text, lang or None)
