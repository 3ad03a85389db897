"""`ambassade schedule`: run the collectors (and registered jobs) forever on their intervals."""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option("--once", is_flag=True, help="Run each source once, wait for them, score, refresh incidents and push alerts once, and exit.")
@click.pass_obj
def schedule(app, sources: tuple[str, ...], once: bool) -> None:
    """Run collectors forever on their configured intervals (with jitter and backoff).

    Intervals come from `interval_minutes` in [x], [reddit] and [rss]; [schedule] sets the
    jitter, the longest backoff and which sources run. SIGINT or SIGTERM stops it: each run
    in progress commits or rolls back the page in hand, then the command exits.
    """
    import collectors
    from ambassade.scheduler import Scheduler

    settings = app.settings(required=True)
    names = list(dict.fromkeys(s.lower() for s in sources)) or settings.schedule.sources \
        or collectors.names()
    for name in names:
        collectors.factory(name)
    scheduler = Scheduler(settings, app.db_path(settings_required=True), names,
                          report=lambda line: click.echo(line, err=True))
    if once:
        scheduler.setup()
        scheduler.run_all_now()
        scheduler.join()
        # Then one scoring pass and one incidents-and-pushes pass, as the loop would run after them.
        scheduler.run_jobs_once(["score", "alerts"])
        failed = [s.name for s in scheduler.sources.values()
                  if s.last is not None and s.last.status == "failed"]
        sys.exit(1 if failed else 0)

    from ambassade.stopping import on_stop_signals
    from collectors.http import allow_fetches

    def stop() -> None:
        click.echo("ambassade: stopping after the pages in hand…", err=True)
        scheduler.stop()

    allow_fetches()
    # Fetches in flight give up at once; the process exits within a few seconds regardless.
    on_stop_signals(stop)
    click.echo(f"ambassade: scheduling {', '.join(names)} (Ctrl-C to stop)", err=True)
    scheduler.run_forever()
    click.echo("ambassade: stopped", err=True)
