"""Who may use the review page, and the checks on every request.

- Bound to the loopback address (the default), the page serves the person
  logged in on this computer: the reviewer's name is their OS login.
- Bound anywhere else it refuses to start unless reviewers are configured:
  `VANBAN_REVIEW_TOKEN` (`name:secret`, several separated by commas) or a
  file of `name:secret` lines (`--users FILE` or `VANBAN_REVIEW_USERS`). Each
  request then carries HTTP Basic credentials, and the reviewer's name is
  the login's, never a form field.
- Every change (POST) carries a CSRF token bound to the reviewer (an HMAC
  with a per-process secret), in the `X-CSRF-Token` header htmx sends: a
  page on another site cannot forge a correction, even though the browser
  would attach the Basic credentials to it.
- The Host header must name this server (a DNS-rebinding page sees its own
  host name there and is refused).
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

TOKEN_ENV = "VANBAN_REVIEW_TOKEN"
USERS_ENV = "VANBAN_REVIEW_USERS"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class ConfigError(Exception):
    """The review page cannot start as configured (the message says what to set)."""


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _parse_users(text: str, where: str) -> dict[str, str]:
    users = {}
    for number, line in enumerate(text.replace(",", "\n").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, secret = line.partition(":")
        if not sep or not name.strip() or len(secret.strip()) < 8:
            raise ConfigError(f"{where}, entry {number}: write name:secret (a secret of 8 characters or more)")
        users[name.strip()] = secret.strip()
    return users


def load_users(users_file: Path | None = None) -> dict[str, str]:
    """Reviewers and their secrets from the configuration; empty when none is configured."""
    users: dict[str, str] = {}
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        users |= _parse_users(token if ":" in token else f"reviewer:{token}", TOKEN_ENV)
    path = users_file or (Path(os.environ[USERS_ENV]) if os.environ.get(USERS_ENV) else None)
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: reviewers file not found")
        users |= _parse_users(path.read_text(encoding="utf-8"), str(path))
    return users


@dataclass
class Security:
    """The checks one server applies: its users (empty: loopback, OS login), allowed hosts, CSRF secret."""

    users: dict[str, str] = field(default_factory=dict)
    allowed_hosts: frozenset[str] = LOOPBACK_NAMES
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    local_user: str = field(default_factory=lambda: _os_login())

    @classmethod
    def for_server(cls, host: str, port: int, users: dict[str, str]) -> Security:
        """Refuses (ConfigError) to serve beyond this computer without configured reviewers."""
        if not is_loopback(host) and not users:
            raise ConfigError(
                f"refusing to listen on {host}: anyone on the network could change the data. Configure reviewers "
                f"first ({TOKEN_ENV}=name:secret, or --users FILE of name:secret lines), or keep the default "
                "127.0.0.1")
        hosts = set(LOOPBACK_NAMES) | {host}
        hosts |= {f"{h}:{port}" for h in list(hosts)} | {f"[::1]:{port}"}
        return cls(users=users, allowed_hosts=frozenset(hosts))

    def host_ok(self, host_header: str | None) -> bool:
        if not host_header:
            return False
        return host_header in self.allowed_hosts or host_header.rsplit(":", 1)[0] in self.allowed_hosts

    def reviewer(self, authorization: str | None) -> str | None:
        """The reviewer's name from the login, or None when the credentials are missing or wrong."""
        if not self.users:
            return self.local_user
        if not authorization or not authorization.startswith("Basic "):
            return None
        try:
            name, _, given = base64.b64decode(authorization[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        expected = self.users.get(name)
        if expected is None or not hmac.compare_digest(given.encode(), expected.encode()):
            return None
        return name

    def csrf_token(self, reviewer: str) -> str:
        return hmac.new(self.secret, reviewer.encode("utf-8"), hashlib.sha256).hexdigest()

    def csrf_ok(self, reviewer: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token, self.csrf_token(reviewer))


def _os_login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"
