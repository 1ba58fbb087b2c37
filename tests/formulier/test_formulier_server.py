"""``scan formulier`` as a real server process: links and QR code in the terminal, kill -9 in
the middle of a questionnaire and a restart on the same folder, Ctrl-C with a summary, the
printable invitation, and the Dutch errors."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from pypdf import PdfReader

from scan.answers import load_answers
from scan.bank import BankSet
from tests.conftest import TEST_BANKS
from tests.formulier.nojs import NoJsBrowser
from tests.formulier.scenario import SCHOOL, TEAM, parse_question_url

SCAN = str(Path(sys.executable).with_name("scan"))


class Server:
    def __init__(self, folder: Path, *extra: str) -> None:
        args = [SCAN, "formulier", "--school", SCHOOL, "--team", TEAM, "--map", str(folder)]
        args += ["--adres", "127.0.0.1", "--poort", "0", "--vragenlijsten", str(TEST_BANKS)]
        self.process = subprocess.Popen(
            [*args, *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "100"},
        )
        self.lines: list[str] = []
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if line.startswith("Teamleider: "):
                break
        self.form = self._link("Formulier: ")
        self.leader = self._link("Teamleider: ")
        self.base = self.form.split("/f/")[0]

    def _link(self, prefix: str) -> str:
        return next(line[len(prefix) :].strip() for line in self.lines if line.startswith(prefix))

    def stop(self, sig: int) -> tuple[int, str]:
        self.process.send_signal(sig)
        _, err = self.process.communicate(timeout=20)
        return self.process.returncode, err


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        if server.process.poll() is None:
            server.process.kill()
            server.process.communicate()


@pytest.mark.slow
def test_kill_9_mid_questionnaire_then_restart_loses_nothing(
    tmp_path: Path, test_banks: BankSet, servers: list[Server]
) -> None:
    folder = tmp_path / "antwoorden"
    first = Server(folder)
    servers.append(first)
    assert any("▀" in line or "█" in line for line in first.lines)  # the QR code
    browser = NoJsBrowser(httpx2.Client(timeout=10))
    browser.open(first.form)
    page = browser.submit(form=0)
    link = page.url.split("/over-u")[0]
    browser.submit({"rol": "docent"}, ("actie", "verder"))
    page = browser.submit({"naam": "ROC Midden", "soort": "mbo"}, ("actie", "verder"))
    confirmed: dict[str, int] = {}
    for _ in range(4):
        qid, _partner = parse_question_url(page.url)
        if qid == "regio.bedrijven":
            break
        page = browser.submit({"antwoord": "2"}, ("actie", "volgende"))
        confirmed[qid] = 2
    waiting = parse_question_url(page.url)
    first.process.kill()  # kill -9: no chance to save anything more
    first.process.communicate()

    second = Server(folder)
    servers.append(second)
    assert second.form.split("/f/")[1] == first.form.split("/f/")[1]  # the printed QR stays valid
    resumed = NoJsBrowser(httpx2.Client(timeout=10))
    page = resumed.open(link.replace(first.base, second.base))
    assert parse_question_url(page.url) == waiting
    [path] = folder.glob("antwoorden-*.yaml")
    assert load_answers(path, test_banks)[0].answers == confirmed
    assert not list(folder.glob(".*.tmp"))

    code, err = second.stop(signal.SIGINT)
    assert code == 0
    assert f"Gestopt. 1 antwoordbestand in {folder} (0 klaar)." in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_ctrl_c_prints_the_team_report_command(
    tmp_path: Path, test_banks: BankSet, servers: list[Server]
) -> None:
    from tests.formulier.test_formulier_team import colleague, make_store

    folder = tmp_path / "team"
    folder.mkdir()
    store = make_store(folder, test_banks)
    for value in (1, 2, 3):
        colleague(store, "docent", value)
    server = Server(folder)
    servers.append(server)
    code, err = server.stop(signal.SIGINT)
    assert code == 0
    assert f"Gestopt. 3 antwoordbestanden in {folder} (3 klaar)." in err
    [line] = [line for line in err.splitlines() if line.startswith("Teamrapport: ")]
    assert f" rapport {folder}/antwoorden-*.yaml -o teamrapport.pdf" in line
    made = subprocess.run(line.removeprefix("Teamrapport: "), shell=True, cwd=tmp_path, check=False)
    assert made.returncode == 0  # the command works as printed
    assert (tmp_path / "teamrapport.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_the_invitation_is_an_a4_with_the_address(tmp_path: Path, servers: list[Server]) -> None:
    invitation = tmp_path / "uitnodiging.pdf"
    server = Server(tmp_path / "antwoorden", "--uitnodiging", str(invitation))
    servers.append(server)
    page = PdfReader(invitation).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
    text = " ".join(page.extract_text().split())
    assert server.form.split("/f/")[1][:8] in text.replace(" ", "")
    assert SCHOOL in text
    fonts = {
        f.get_object()["/BaseFont"].split("+")[-1] for f in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"Open-Sans", "Open-Sans-Bold"}  # the invitation's own styles were applied
    assert page.get_contents().get_data().count(b" l\n") > 100  # the QR code, drawn as paths


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_https_with_cert_and_key(tmp_path: Path, servers: list[Server]) -> None:
    cert, key = tmp_path / "laptop.pem", tmp_path / "laptop-key.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj"]
    request += ["/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        ["openssl", *request, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    server = Server(tmp_path / "antwoorden", "--cert", str(cert), "--key", str(key))
    servers.append(server)
    assert server.form.startswith("https://127.0.0.1:")
    trusted = ssl.create_default_context(cafile=str(cert))
    with httpx2.Client(verify=trusted) as client:
        page = client.get(server.form)
        assert page.status_code == 200 and "Beginnen" in page.text
    with httpx2.Client() as plain, pytest.raises(httpx2.HTTPError):
        plain.get(server.form.replace("https://", "http://"))  # no plain HTTP on that port


def test_a_port_in_use_and_another_team_are_dutch_errors(
    tmp_path: Path, test_banks: BankSet, runner: object
) -> None:
    from typer.testing import CliRunner

    from scan.cli.commands import app

    cli = CliRunner()
    base = ["formulier", "--map", str(tmp_path), "--adres", "127.0.0.1"]
    base += ["--vragenlijsten", str(TEST_BANKS)]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = cli.invoke(app, [*base, "--school", SCHOOL, "--poort", port])
    assert result.exit_code == 1
    assert "deze poort is al in gebruik" in result.stderr
    result = cli.invoke(app, [*base, "--school", "Ander College", "--poort", "0", "--team", TEAM])
    assert result.exit_code == 1
    assert "hoort bij het formulier van school 'Het Baken'" in result.stderr
    result = cli.invoke(app, [*base, "--school", SCHOOL, "--cert", __file__])
    assert result.exit_code == 2


def test_a_broken_answer_file_in_the_folder_is_named(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from scan.cli.commands import app

    for name in ("antwoorden-aaaaaaaaaa.yaml", "antwoorden-bbbbbbbbbb.yaml"):
        (tmp_path / name).write_text("antwoorden: {regio.honkvast: 9}\n", encoding="utf-8")
    args = ["formulier", "--map", str(tmp_path), "--adres", "127.0.0.1", "--poort", "0"]
    args += ["--school", SCHOOL, "--vragenlijsten", str(TEST_BANKS)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.count("waarde 9 staat niet op de schaal") == 2
    assert "antwoorden-aaaaaaaaaa.yaml" in result.stderr and "Traceback" not in result.stderr


def test_the_printed_address(tmp_path: Path, test_banks: BankSet) -> None:
    import ipaddress

    from scan.formulier.server import links, network_address
    from tests.formulier.test_formulier_http import make_store

    assert network_address("127.0.0.1") == "127.0.0.1"
    assert network_address("192.168.1.23") == "192.168.1.23"
    found = ipaddress.ip_address(network_address("0.0.0.0"))  # this machine's own address
    assert found.version == 4 and not found.is_unspecified
    store = make_store(tmp_path, test_banks)
    token = store.keys.form_token
    assert links(store, "192.168.1.23", 8765, False).form == f"http://192.168.1.23:8765/f/{token}"
    assert links(store, "192.168.1.23", 443, True).form == f"https://192.168.1.23/f/{token}"
    assert links(store, "fe80::1", 80, False).leader.startswith("http://[fe80::1]/t/")


@pytest.mark.slow
def test_a_second_server_on_the_same_folder_is_refused(
    tmp_path: Path, servers: list[Server]
) -> None:
    servers.append(Server(tmp_path))
    args = [SCAN, "formulier", "--school", SCHOOL, "--team", TEAM, "--map", str(tmp_path)]
    args += ["--adres", "127.0.0.1", "--poort", "0", "--vragenlijsten", str(TEST_BANKS)]
    second = subprocess.run(
        args,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 1
    assert "in deze map draait al een 'scan formulier'" in second.stderr
    assert "Formulier:" not in second.stdout
    assert servers[0].process.poll() is None  # the first one goes on serving
    code, _ = servers[0].stop(signal.SIGINT)
    assert code == 0
    again = Server(tmp_path)  # stopped: the folder is free again
    servers.append(again)
    assert again.form.split("/f/")[1] == servers[0].form.split("/f/")[1]  # same links
