"""The answers of a team's web form: one answer file per colleague in one folder, and one key.

The folder holds ordinary answer files (docs/formaten.md), named by the server
(``antwoorden-<id>.yaml``, the id random), and a private key file (``.formulier.json``, mode 0600)
with the team's school and team and one random secret. Every link is derived from that secret:
the form link of the team, the team leader's link, and per colleague a resume link and a short
resume code. Nothing else is kept, so a server killed at any moment and started again on the same
folder knows every colleague and every confirmed answer: an answer file is created atomically
before its links are shown, and saved atomically after every answer (as ``scan start`` does).

This module knows nothing of HTTP; :mod:`scan.formulier.app` calls it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scan.answers import (
    AnswerFile,
    PartnerAnswers,
    PartnerKind,
    Respondent,
    load_answers,
    new_answers,
)
from scan.answers import save_answers as write_answers
from scan.bank import BankSet, normalise_text
from scan.errors import Problem, ScanError
from scan.interview.flow import first_open, plan
from scan.io.atomic import atomic_write_text

KEY_FILE = ".formulier.json"
KEY_FORMAT = "samenwerkingsscan/formulier-1"
FILE_PATTERN = re.compile(r"^antwoorden-([a-z2-7]{10})\.yaml$")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Resume codes: no 0/O, 1/I/L, so that a code read aloud or from paper is typed right."""
CODE_LENGTH = 8
MAX_RESPONDENTS = 1000
"""A form link passed around too widely cannot fill the disk."""


@dataclass(frozen=True)
class Keys:
    """The team's secret and what is derived from it."""

    secret: bytes
    school: str
    team: str | None

    def _derive(self, purpose: str, length: int = 22) -> str:
        digest = hmac.new(self.secret, purpose.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii")[:length]

    @property
    def form_token(self) -> str:
        return self._derive("formulier")

    @property
    def leader_token(self) -> str:
        return self._derive("teamleider")

    def respondent_token(self, rid: str) -> str:
        return self._derive(f"respondent:{rid}")

    def resume_code(self, rid: str) -> str:
        digest = hmac.new(self.secret, f"code:{rid}".encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest, "big")
        chars = []
        for _ in range(CODE_LENGTH):
            number, index = divmod(number, len(CODE_ALPHABET))
            chars.append(CODE_ALPHABET[index])
        return "".join(chars)

    def form_check(self, scope: str) -> str:
        """The anti-forgery value that every form posted to a page of ``scope`` must carry."""
        return self._derive(f"csrf:{scope}")


def format_code(code: str) -> str:
    """``ABCDEFGH`` → ``ABCD-EFGH`` (easier to read and type)."""
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str:
    """What a colleague typed as resume code, in the form :meth:`Keys.resume_code` gives."""
    return re.sub(r"[\s\-.]", "", text).upper()[: CODE_LENGTH + 4]


def open_keys(folder: Path, school: str, team: str | None) -> Keys:
    """The folder's key, made on the first start; a later start must name the same team."""
    path = folder / KEY_FILE
    if not path.exists():
        keys = Keys(secrets.token_bytes(32), school, team)
        data = {
            "formaat": KEY_FORMAT,
            "school": school,
            "team": team,
            "sleutel": keys.secret.hex(),
        }
        path.touch(mode=0o600)  # private from the first byte: the atomic write keeps the mode
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return keys
    keys = _read_keys(path)
    if normalise_text(keys.school) != normalise_text(school) or normalise_text(
        keys.team or ""
    ) != normalise_text(team or ""):
        raise ScanError(
            Problem(
                f"deze map hoort bij het formulier van school {keys.school!r}, team "
                f"{keys.team or '(geen)'!r}; kies een andere --map voor dit team",
                str(path),
            )
        )
    return keys


def _read_keys(path: Path) -> Keys:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("formaat") != KEY_FORMAT:
            raise ValueError("formaat")
        return Keys(bytes.fromhex(data["sleutel"]), str(data["school"]), data.get("team"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise ScanError(
            Problem(
                "dit sleutelbestand van het formulier is onleesbaar; zet het terug of kies een "
                "andere --map",
                str(path),
            )
        ) from None


@dataclass(frozen=True)
class Progress:
    started: int
    finished: int


class FormStore:
    """The colleagues of one form: their answer files, found by token or code, saved atomically.

    Thread-safe: each colleague's file is changed under its own lock (a double-clicked button
    waits for the first save), so handlers may run in a thread pool.
    """

    def __init__(self, folder: Path, banks: BankSet, keys: Keys) -> None:
        self.folder = folder
        self.banks = banks
        self.keys = keys
        self.sides = tuple(b.side for b in banks)
        self._answers: dict[str, AnswerFile] = {}
        self._finished: set[str] = set()
        self._by_token: dict[str, str] = {}
        self._by_code: dict[str, str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._registry = threading.Lock()
        self.warnings: list[Problem] = []
        """Answers given to another version of a bank (found when the folder was read)."""
        problems: list[Problem] = []
        for path in sorted(folder.iterdir()):
            match = FILE_PATTERN.match(path.name)
            if match and path.is_file():
                try:
                    answers, warnings = load_answers(path, banks)
                except ScanError as exc:
                    problems += exc.problems
                    continue
                self.warnings += warnings
                self._add(match.group(1), answers)
        if problems:
            raise ScanError(problems)

    # --- finding colleagues ---

    def _add(self, rid: str, answers: AnswerFile) -> None:
        self._answers[rid] = answers
        self._by_token[self.keys.respondent_token(rid)] = rid
        self._by_code[self.keys.resume_code(rid)] = rid
        self._locks[rid] = threading.Lock()
        self._update_finished(rid)

    def by_token(self, token: str) -> str | None:
        return self._by_token.get(token)

    def by_code(self, text: str) -> str | None:
        return self._by_code.get(normalise_code(text))

    def path(self, rid: str) -> Path:
        return self.folder / f"antwoorden-{rid}.yaml"

    def create(self) -> str:
        """A new colleague with an empty answer file (saved before anything is shown)."""
        with self._registry:
            if len(self._answers) >= MAX_RESPONDENTS:
                raise ScanError(f"dit formulier heeft al {MAX_RESPONDENTS} invullers")
            while True:
                rid = base64.b32encode(secrets.token_bytes(10)).decode("ascii").lower()[:10]
                code = self.keys.resume_code(rid)
                if code not in self._by_code and not self.path(rid).exists():
                    break
            respondent = Respondent(school=self.keys.school, team=self.keys.team)
            answers = new_answers(self.banks, respondent)
            write_answers(answers, self.path(rid))
            self._add(rid, answers)
        return rid

    # --- reading and changing one colleague's answers ---

    def answers(self, rid: str) -> AnswerFile:
        """A copy of the stored answers (change them through :meth:`change`)."""
        with self._locks[rid]:
            return self._answers[rid].model_copy(deep=True)

    @contextmanager
    def change(self, rid: str) -> Iterator[AnswerFile]:
        """Change a copy of the answers inside the block; on leaving it is saved atomically and
        only then becomes the stored state. An exception inside the block changes nothing."""
        with self._locks[rid]:
            answers = self._answers[rid].model_copy(deep=True)
            yield answers
            write_answers(answers, self.path(rid))
            self._answers[rid] = answers
            self._update_finished(rid)

    def _update_finished(self, rid: str) -> None:
        if is_finished(self.banks, self.sides, self._answers[rid]):
            self._finished.add(rid)
        else:
            self._finished.discard(rid)

    # --- the team ---

    def progress(self) -> Progress:
        return Progress(len(self._answers), len(self._finished))

    def finished(self) -> list[tuple[Path, AnswerFile]]:
        """The finished colleagues' answers, in file-name order."""
        return [
            (self.path(rid), self._answers[rid].model_copy(deep=True))
            for rid in sorted(self._finished)
        ]

    def all_paths(self) -> list[Path]:
        return [self.path(rid) for rid in sorted(self._answers)]

    def known_partners(self) -> list[PartnerAnswers]:
        """The partners colleagues named so far, each once (its most used spelling and kind)."""
        names: dict[str, Counter[str]] = {}
        kinds: dict[str, Counter[PartnerKind]] = {}
        for answers in list(self._answers.values()):
            for partner in answers.partners:
                key = normalise_text(partner.name)
                names.setdefault(key, Counter())[partner.name] += 1
                kinds.setdefault(key, Counter())[partner.kind] += 1
        return sorted(
            (
                PartnerAnswers(
                    name=names[key].most_common(1)[0][0], kind=kinds[key].most_common(1)[0][0]
                )
                for key in names
            ),
            key=lambda p: normalise_text(p.name),
        )


def is_finished(banks: BankSet, sides: tuple[Any, ...], answers: AnswerFile) -> bool:
    """Every question of the plan answered (``scan start`` would have nothing left to ask)."""
    if answers.respondent.role is None:
        return False
    steps = plan(banks, sides, answers)
    return first_open(steps, answers) == len(steps)
