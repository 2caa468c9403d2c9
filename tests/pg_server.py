"""A throwaway PostgreSQL server for the tests of the shared store (--store postgresql://…).

Debian's postgresql package: initdb into a temporary folder, pg_ctl on a Unix socket in
that folder (no TCP), trust authentication, stopped and removed at the end. initdb refuses
to run as root, so as root the server runs as the `postgres` system user and the tests
connect as the role `libreview` created for them. When the server programs are missing it
installs them (apt-get install postgresql), it does not skip.

Used by the pytest session fixture `pg_uri` (tests/python/conftest.py) and from the command
line:  python3 tests/pg_server.py start DIR  (prints the URI)  /  python3 tests/pg_server.py stop DIR
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROLE = "libreview"
DATABASE = "review"


def server_bin() -> Path:
    """The folder of initdb and pg_ctl (the newest /usr/lib/postgresql/<version>/bin)."""
    def found() -> list[str]:
        return sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    paths = found()
    if not paths:
        subprocess.run(["apt-get", "install", "-y", "-q", "postgresql"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        paths = found()
    if not paths:
        raise RuntimeError("PostgreSQL server programs not found after apt-get install postgresql")
    return Path(paths[-1]).parent


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.getuid() == 0 else cmd


def uri(folder: Path) -> str:
    return f"postgresql://{ROLE}@/{DATABASE}?host={folder / 'socket'}"


def start(folder: Path) -> str:
    """Starts a server with its data and socket under `folder`; returns the URI to connect."""
    folder = Path(folder).resolve()
    stop(folder)  # what an interrupted earlier run left there
    bin_dir = server_bin()
    data, socket = folder / "data", folder / "socket"
    socket.mkdir(parents=True, exist_ok=True)
    if os.getuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(socket, "postgres", "postgres")
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                    "--locale=C", "-E", "UTF8"]),
                   check=True, stdout=subprocess.DEVNULL, env=env)
    subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"),
                                    "-o", f"-k {socket} -c listen_addresses='' -c max_connections=50",
                                    "start"]),
                   check=True, stdout=subprocess.DEVNULL, env=env)
    psql = [str(bin_dir / "psql"), "-h", str(socket), "-U", "postgres", "-d", "postgres", "-q",
            "-v", "ON_ERROR_STOP=1"]
    # pg_signal_backend: DROP DATABASE … WITH (FORCE) of a test's database also ends an autovacuum worker
    # there, which has no role; without it PostgreSQL 15 refuses ("must be a member of the role whose
    # process is being terminated or member of pg_signal_backend"), as a kill trial's reset found.
    subprocess.run(psql + ["-c", f"CREATE ROLE {ROLE} LOGIN CREATEDB", "-c", f"GRANT pg_signal_backend TO {ROLE}",
                           "-c", f"CREATE DATABASE {DATABASE} OWNER {ROLE}"],
                   check=True, env=env)
    return uri(folder)


def create_database(base_uri: str, name: str) -> str:
    """Creates the empty database `name` on the server of `base_uri`; returns its URI."""
    folder = Path(base_uri.split("host=", 1)[1]).parent
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    subprocess.run([str(server_bin() / "psql"), "-h", str(folder / "socket"), "-U", ROLE, "-d", DATABASE, "-q",
                    "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{name}"'], check=True, env=env)
    return base_uri.replace(f"/{DATABASE}?", f"/{name}?", 1)


def stop(folder: Path) -> None:
    """Stops the server under `folder` and removes its files."""
    folder = Path(folder).resolve()
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    if (folder / "data" / "postmaster.pid").exists():
        subprocess.run(_as_server_user([str(server_bin() / "pg_ctl"), "-D", str(folder / "data"), "-w",
                                        "-m", "fast", "stop"]),
                       check=False, stdout=subprocess.DEVNULL, env=env)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit("usage: pg_server.py start|stop DIR")
    if sys.argv[1] == "start":
        print(start(Path(sys.argv[2])))
    else:
        stop(Path(sys.argv[2]))
