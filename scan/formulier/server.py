"""``scan formulier``: serve the team's form from this laptop until Ctrl-C.

Binds the socket itself (a port in use is a Dutch error, not a server log), prints the two links
and a QR code, optionally writes the printable invitation, runs uvicorn on the socket, and after
Ctrl-C it says how many answer files there are, where, and which command makes the team
report (:func:`summary`). Nothing here prints or exits the process.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scan.bank import BankSet
from scan.errors import Problem, ScanError
from scan.formulier.store import FormStore, open_keys
from scan.interview.view import SCAN, command
from scan.io.locking import FileLock
from scan.io.outputs import make_folder

DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 8765


@dataclass(frozen=True)
class FormRequest:
    """The checked options of ``scan formulier``."""

    school: str
    team: str | None
    folder: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    invitation: Path | None = None
    cert: Path | None = None
    key: Path | None = None
    min_group: int = 3
    banks_folder: Path | None = None


@dataclass(frozen=True)
class Links:
    form: str
    leader: str


def open_store(request: FormRequest, banks: BankSet) -> FormStore:
    folder = request.folder
    if folder.exists() and not folder.is_dir():
        raise ScanError(Problem("--map: dit is geen map", str(folder)))
    make_folder(folder, "--map: ")
    keys = open_keys(folder, request.school, request.team)
    return FormStore(folder, banks, keys)


def lock_folder(folder: Path) -> FileLock:
    """Hold the answers folder for this server: a second ``scan formulier`` on the same folder
    would hand out the same links and write the same answer files."""
    lock = FileLock(
        folder / "formulier",
        busy="in deze map draait al een 'scan formulier'; stop die eerst (Ctrl-C)",
    )
    lock.acquire()
    return lock


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket, or a Dutch ScanError saying why not."""
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        raise ScanError(f"--adres {host!r}: geef een IP-adres, bijvoorbeeld 0.0.0.0") from None
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(256)
    except OSError as exc:
        sock.close()
        if exc.errno == 98:
            raise ScanError(
                f"--poort {port}: deze poort is al in gebruik; kies een andere met --poort"
            ) from None
        raise ScanError(
            f"--adres {host} --poort {port}: kan niet luisteren ({exc.strerror})"
        ) from None
    sock.set_inheritable(True)
    return sock


def network_address(host: str) -> str:
    """The address colleagues type: this laptop's address on the local network when listening
    on every interface (found without sending anything: a UDP socket is only pointed at a
    private address), else the address listened on."""
    if host not in ("0.0.0.0", "::"):
        return host
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))
        found = str(probe.getsockname()[0])
        if not found.startswith("0."):
            return found
    return "127.0.0.1"


def links(store: FormStore, address: str, port: int, https: bool) -> Links:
    host = f"[{address}]" if ":" in address else address
    default = 443 if https else 80
    base = f"{'https' if https else 'http'}://{host}" + ("" if port == default else f":{port}")
    return Links(f"{base}/f/{store.keys.form_token}", f"{base}/t/{store.keys.leader_token}")


def terminal_qr(url: str) -> str:
    """The QR code of ``url`` as text for a terminal (two modules per character)."""
    import segno

    buffer = io.StringIO()
    segno.make(url, error="m").terminal(out=buffer, compact=True, border=2)
    return buffer.getvalue()


def summary(store: FormStore, request: FormRequest, program: Sequence[str] = SCAN) -> str:
    """What the team leader needs after stopping: the files, where, and the report command
    (``program`` is how the user starts scan, see :func:`scan.cli.invocation.scan_program`)."""
    progress = store.progress()
    folder = request.folder
    lines = [
        f"Gestopt. {progress.started} antwoordbestand{'en' if progress.started != 1 else ''} "
        f"in {folder} ({progress.finished} klaar).",
    ]
    if progress.finished:
        extra = command("--vragenlijsten", request.banks_folder) if request.banks_folder else ""
        if progress.finished == progress.started:
            files = command(str(folder / "antwoorden-")) + "*.yaml"
        else:
            files = command(*(path for path, _ in store.finished()))
        report = f"{command(*program, 'rapport')} {files} -o teamrapport.pdf {extra}".rstrip()
        lines.append(f"Teamrapport: {report}")
    lines.append(
        "Opnieuw starten met dezelfde --map gaat verder: de links en codes blijven geldig."
    )
    return "\n".join(lines)


def write_invitation(path: Path, store: FormStore, form_url: str, banks: BankSet) -> None:
    """The printable A4 invitation: QR code, address and what to expect (PDF, atomically)."""
    import jinja2
    import segno

    from scan.formulier.pages import introduction
    from scan.io.atomic import atomic_write_bytes
    from scan.report.render import templates_folder, weasyprint_document
    from scan.util.text import document_safe

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_folder() / "formulier"),
        autoescape=True,
        finalize=document_safe,
    )
    html = env.get_template("uitnodiging.html.j2").render(
        school=store.keys.school,
        team=store.keys.team,
        url=form_url,
        qr=segno.make(form_url, error="m").svg_data_uri(scale=10, border=2),
        intro=introduction(banks),
    )
    pdf = weasyprint_document(html).write_pdf(full_fonts=True)
    atomic_write_bytes(path, bytes(pdf))


def make_server(request: FormRequest, store: FormStore, form_url: str) -> Any:
    """The uvicorn server of the form (built before the links are shown, so that a Ctrl-C right
    after them already finds the server's own handler)."""
    import uvicorn

    from scan.formulier.app import FormSettings, create_app

    app = create_app(store, FormSettings(min_group=request.min_group, form_url=form_url))
    config = uvicorn.Config(
        app,
        log_level="error",  # uvicorn's warnings (a client's garbage) are English noise
        access_log=False,
        proxy_headers=False,
        server_header=False,
        ssl_certfile=str(request.cert) if request.cert else None,
        ssl_keyfile=str(request.key) if request.key else None,
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(config)


def serve(server: Any, sock: socket.socket) -> None:
    """Run until Ctrl-C or SIGTERM; returns after a clean shutdown (requests in flight finish)."""
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
