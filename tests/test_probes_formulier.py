"""`scan formulier` probed as a hostile colleague on the school network would."""

from __future__ import annotations

import signal
import socket
from pathlib import Path

import pytest

from tests.formulier.test_formulier_server import Server, servers  # noqa: F401 (fixture)


@pytest.mark.slow
def test_garbage_from_the_network_puts_no_english_in_the_team_leaders_terminal(
    tmp_path: Path,
    servers: list[Server],  # noqa: F811 (the fixture)
) -> None:
    server = Server(tmp_path / "antwoorden")
    servers.append(server)
    host, port = server.base.removeprefix("http://").split(":")
    for garbage in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", b"GET / HTTP/9\r\n\r\n"):
        with socket.create_connection((host, int(port)), timeout=5) as raw:
            raw.sendall(garbage)
            raw.recv(1024)
    code, err = server.stop(signal.SIGINT)
    assert code == 0
    assert err.startswith("Gestopt."), err
    assert "WARNING" not in err and "Invalid HTTP" not in err
