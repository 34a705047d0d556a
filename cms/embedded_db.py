"""The embedded PostgreSQL for development and tests, used when DATABASE_URL is unset.

pgserver ships PostgreSQL binaries on PyPI and runs them on a Unix socket under `.data/`, so a
bare machine needs nothing but `make run`. The server is shared by every process that asks for
it and stops when the last of them exits (Ctrl-C on `make run`).
"""

import logging
from pathlib import Path

logger = logging.getLogger(__name__)
_server = None

# Provisioning clones a club schema (hundreds of tables, indexes and sequences) and holds a lock on
# each until the transaction ends; the demo region provisioned in one test transaction takes more
# than PostgreSQL's default lock table (64 per connection) holds ("out of shared memory").
SERVER_SETTINGS = {"max_locks_per_transaction": "512"}


def embedded_database_url(pgdata: Path, database: str = "heldenhelfer") -> str:
    """Start (or join) the embedded server and return a URL for the project database."""
    global _server
    if not database.replace("_", "").isalnum():
        raise ValueError(f"HH_DB_NAME must be letters, digits and underscores, not {database!r}")
    if _server is None:
        import warnings

        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        import pgserver

        pgdata.mkdir(parents=True, exist_ok=True)
        _forget_dead_handles(pgdata)
        new = not (pgdata / "PG_VERSION").exists()
        _server = pgserver.get_server(pgdata, cleanup_mode="stop")
        _exit_cleanly_on_sigterm()
        _apply_settings(_server, restart=new)
        exists = _server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608 (a constant)
        if "(1 row)" not in exists:
            _server.psql(f"CREATE DATABASE {database};")
    return _server.get_uri(database)


def _apply_settings(server, *, restart: bool) -> None:
    """SERVER_SETTINGS written with ALTER SYSTEM where the server has less. They take effect when the
    server starts: at once for a data directory made just now (nobody else uses it yet: restarted
    here), else with the next start (the last user's exit stops it)."""
    from pgserver._commands import pg_ctl

    changed = False
    for name, value in SERVER_SETTINGS.items():
        current = server.psql(f"SHOW {name};")
        if value not in current.split():
            server.psql(f"ALTER SYSTEM SET {name} = {value};")
            changed = True
    if changed and restart:
        # pg_ctl restart keeps the options the server was started with (socket, no TCP).
        pg_ctl(["-w", "-l", str(server.log), "restart"], pgdata=server.pgdata, user=server.system_user, timeout=30)
    elif changed:
        logger.warning("Embedded PostgreSQL: %s takes effect after the server's next start.", SERVER_SETTINGS)


def _forget_dead_handles(pgdata: Path) -> None:
    """pgserver stops the server when its last user exits; a killed user never says goodbye.

    Without this, one `kill -9` would keep the server running for ever after.
    """
    import json

    import psutil
    from pgserver.postgres_server import PostgresServer

    handles = pgdata / ".handle_pids.json"
    with PostgresServer._lock:  # the lock pgserver itself takes around this file
        try:
            pids = json.loads(handles.read_text())
        except OSError:
            return  # no file yet: a new data directory
        except ValueError:
            pids = None
        if not isinstance(pids, list) or not all(isinstance(pid, int) for pid in pids):
            # A process killed while pgserver rewrote the file leaves it empty or cut off, and then
            # every process that starts the server fails on it. Who still uses the server is
            # unknown, so keep it running: PID 1 never exits, the server is not stopped by the
            # last user any more (stop it with `pg_ctl stop` or a reboot).
            logger.warning("Embedded PostgreSQL: %s was damaged; the server now keeps running.", handles)
            handles.write_text(json.dumps([1]))
            return
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit so the server is stopped by pgserver's atexit hook."""
    import signal
    import sys
    import threading

    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
