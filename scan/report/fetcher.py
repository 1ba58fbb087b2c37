"""The only door through which the PDF renderer may load anything.

The report contains untrusted text (school and partner names, remarks, open answers). It is
escaped, so it can never become a tag; as a second line of defence WeasyPrint gets this fetcher,
which serves the packaged template files (stylesheet, fonts) and ``data:`` URIs, and refuses
everything else: http(s), ftp, and any file outside the template folder.

WeasyPrint is imported inside :func:`weasyprint_fetcher` only, so that this module stays light.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

MIME_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
"""Suffix → MIME type of the template files that may be served; other files are refused."""


class RefusedResource(ValueError):
    """The renderer asked for something outside the template folder."""


@dataclass(frozen=True)
class Resource:
    data: bytes
    mime_type: str


def load_resource(url: str, root: Path) -> Resource:
    """The content of ``url`` when it is a ``data:`` URI or a template file under ``root``.

    Raises RefusedResource for every other URL (other schemes, other files, other suffixes).
    """
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if scheme == "data":
        return _data_uri(rest)
    if scheme == "file":
        return _template_file(url, root)
    raise RefusedResource(f"geweigerd: {scheme or 'relatieve'}-adres {url[:80]!r}")


def _data_uri(rest: str) -> Resource:
    header, comma, payload = rest.partition(",")
    if not comma:
        raise RefusedResource("ongeldig data:-adres")
    params = header.split(";")
    mime_type = params[0].strip() or "text/plain"
    if "base64" in (p.strip().lower() for p in params[1:]):
        data = base64.b64decode(unquote(payload), validate=False)
    else:
        data = unquote_to_bytes(payload)
    return Resource(data, mime_type)


def _template_file(url: str, root: Path) -> Resource:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise RefusedResource(f"geweigerd: bestand op een andere machine {url[:80]!r}")
    path = Path(url2pathname(parts.path)).resolve()
    base = root.resolve()
    mime_type = MIME_TYPES.get(path.suffix.lower())
    if not path.is_relative_to(base) or mime_type is None or not path.is_file():
        raise RefusedResource(f"geweigerd: {path} is geen sjabloonbestand")
    return Resource(path.read_bytes(), mime_type)


def weasyprint_fetcher(root: Path) -> Any:
    """A WeasyPrint URL fetcher that serves only :func:`load_resource`'s answers."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class TemplateFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            resource = load_resource(url, root)
            return URLFetcherResponse(url, resource.data, {"Content-Type": resource.mime_type})

    return TemplateFetcher(allowed_protocols=("file", "data"))
