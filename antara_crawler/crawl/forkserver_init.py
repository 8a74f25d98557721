"""Imported by the parse workers' fork server, and only there (crawl/workers.py preloads it).

The fork server reports each worker's end to the crawl: were it to die, the crawl would take every
worker for dead. A service manager's SIGTERM reaches the whole process group (systemd's default
KillMode=control-group), so the fork server ignores it, as the workers do; it ends when the crawl
and its workers have.
"""

import signal

signal.signal(signal.SIGTERM, signal.SIG_IGN)
