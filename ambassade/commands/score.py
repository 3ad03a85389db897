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
TASK_BYTES = 1 << 18  # input bytes a worker scores per task: about 2,000 short posts
READ_BYTES = 1 << 16
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
    from store.passes import catch_up

    catch_up(store)    # the word index and the authors' numbers catch up (short transactions)
    if not no_signals:
        click.echo(refresh_signals(store, settings).describe(), err=True)


def score_jsonl(stream: BinaryIO, out: BinaryIO, languages: tuple[str, ...], workers: int | None = None) -> int:
    """Score every good line of `stream` to `out` in input order; returns the number of bad lines.

    The parent process only cuts the input into blocks of whole lines and writes the bytes the
    workers send back: parsing, scoring and formatting all happen in the workers."""
    from scoring.batch import cores, die_with_parent, warm_up

    workers = workers or cores()
    tasks = _tasks(stream, TASK_BYTES)
    head = list(itertools.islice(tasks, 2))
    if len(head) < 2 or workers == 1:
        return _write((_score_task(t, languages) for t in itertools.chain(head, tasks)), out)
    # Load the language model before forking only if the input seems to need it.
    _, first, _ = head[0]
    warm_up(languages, detect=first.count(b'"lang"') < first.count(b"\n"))
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        return _write(_bounded_map(pool, itertools.chain(head, tasks), languages, 2 * workers), out)


def _bounded_map(pool: ProcessPoolExecutor, tasks: Iterator[tuple], languages: tuple[str, ...], ahead: int):
    """Results in order, with at most `ahead` tasks in flight (stdin is never read whole)."""
    pending: deque = deque()
    for task in tasks:
        pending.append(pool.submit(_score_task, task, languages))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _write(results: Iterable[tuple[bytes, list[str]]], out: BinaryIO) -> int:
    bad = 0
    for lines, errors in results:
        for message in errors:
            click.echo(f"ambassade: {message}", err=True)
        bad += len(errors)
        if lines:
            out.write(lines)
    out.flush()
    return bad


# One task: (number of its first line, whole lines as read, numbers of the over-long lines that
# were dropped, each left as an empty line so that the numbers stay right).
Task = tuple[int, bytes, tuple[int, ...]]


def _tasks(stream: BinaryIO, task_bytes: int) -> Iterator[Task]:
    """The input in tasks of about `task_bytes` of whole lines; a line over MAX_LINE_BYTES is
    dropped as it is read, never kept whole."""
    read = getattr(stream, "read1", stream.read)  # what is there: a slow pipe is not waited for
    number, parts, size, lines, over = 1, [], 0, 0, []
    tail = b""  # the start of a line whose end is not read yet
    skipping = False  # inside an over-long line: its bytes are dropped up to its newline
    while True:
        data = read(READ_BYTES)
        if not data:
            break
        if skipping:
            cut = data.find(b"\n")
            if cut < 0:
                continue
            data, skipping = data[cut + 1 :], False
        end = data.rfind(b"\n")
        if end < 0:
            tail += data
        else:
            whole, tail = tail + data[: end + 1], data[end + 1 :]
            parts.append(whole)
            size += len(whole)
            lines += whole.count(b"\n")
        if len(tail) > MAX_LINE_BYTES:
            over.append(number + lines)
            parts.append(b"\n")
            lines += 1
            tail, skipping = b"", True
        if size >= task_bytes:
            yield number, b"".join(parts), tuple(over)
            number, parts, size, lines, over = number + lines, [], 0, 0, []
    if tail:
        parts.append(tail)  # a last line with no newline
    if parts:
        yield number, b"".join(parts), tuple(over)


def _task_lines(task: Task) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes with their newline) of each non-blank line of a task, as
    `readline` gives them; None for a line over MAX_LINE_BYTES."""
    number, blob, over = task
    pieces = blob.split(b"\n")
    last = pieces.pop()  # after the last newline: empty, or a last line with no newline
    for piece in pieces:
        if len(piece) > MAX_LINE_BYTES or (over and number in over):
            yield number, None
        elif piece.strip():
            yield number, piece + b"\n"
        number += 1
    if len(last) > MAX_LINE_BYTES:
        yield number, None
    elif last.strip():
        yield number, last


def _score_task(task: Task, languages: tuple[str, ...]) -> tuple[bytes, list[str]]:
    """Output bytes and error messages for one task (runs in a worker)."""
    lines, errors = _score_lines(list(_task_lines(task)), languages)
    return lines.encode("ascii"), errors


def _score_lines(chunk: list[tuple[int, bytes | None]], languages: tuple[str, ...]) -> tuple[str, list[str]]:
    """Output text and error messages for one chunk of input lines (runs in a worker).

    Identical (text, lang) pairs in a chunk are scored once. The chunk is taken in passes
    (parse every line, then find every language, then score the texts language by language)
    rather than line by line: the language model's automaton and each lexicon then stay in
    the CPU's caches instead of evicting one another at every line (15 to 20 % less time).
    Output is ASCII JSON (ids with any character, lone surrogates included, come back
    escaped), formatted directly, byte for byte what `json.dumps` of the record gives: strings
    through the encoder `json.dumps` itself uses, and the numbers are Python ints and floats,
    whose repr is valid JSON.
    """
    from scoring.batch import by_language

    records: list[tuple] = []
    errors: list[str] = []
    for number, raw in chunk:
        problem, record = _parse(raw)
        if problem:
            errors.append(f"line {number}: {problem}, skipped")
        else:
            records.append(record)
    groups = by_language(((text, lang) for _, text, lang in records), languages)
    tails = {key: tail for lang, keys in groups.items() for key, tail in zip(keys, _tails(keys, lang))}
    out = [f'{{"id": {_quote(ident) if type(ident) is str else int.__repr__(ident)}{tails[text, lang]}'
           for ident, text, lang in records]
    return ("\n".join(out) + "\n") if out else "", errors


def _tails(keys: list[tuple[str, str | None]], lang: str | None) -> list[str]:
    """What follows the id in the output line of each (text, given lang), all in `lang`:
    what scoring.batch.score_one gives with no matcher, its figures formatted as they come."""
    from scoring.sentiment import label_of, polarity

    quoted = _quoted_lang.get(lang) or _quote_lang(lang)
    tails = []
    for text, _ in keys:
        s = polarity(text, lang)
        compound = s["compound"]
        tails.append(f', "lang": {quoted}, "compound": {compound!r}, "pos": {s["pos"]!r}, '
                     f'"neu": {s["neu"]!r}, "neg": {s["neg"]!r}, "label": "{label_of(compound)}"}}')
    return tails


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
