"""The renderer's URL fetcher: template files and data: URIs only, everything else refused."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from scan.report.fetcher import RefusedResource, load_resource, weasyprint_fetcher
from scan.report.render import templates_folder

# a 1×1 red PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def root() -> Path:
    return templates_folder()


def test_serves_the_stylesheet_and_the_fonts(root: Path) -> None:
    css = load_resource((root / "rapport.css").as_uri(), root)
    assert css.mime_type == "text/css"
    assert b"@font-face" in css.data
    font = load_resource((root / "fonts" / "OpenSans-Regular.ttf").as_uri(), root)
    assert font.mime_type == "font/ttf"
    assert font.data == (root / "fonts" / "OpenSans-Regular.ttf").read_bytes()


def test_serves_data_uris(root: Path) -> None:
    encoded = base64.b64encode(PNG).decode()
    assert load_resource(f"data:image/png;base64,{encoded}", root).data == PNG
    plain = load_resource("data:text/css,p%20%7Bcolor:red%7D", root)
    assert (plain.mime_type, plain.data) == ("text/css", b"p {color:red}")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/x.css",
        "http://127.0.0.1:9/",
        "ftp://example.com/x",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
    ],
)
def test_refuses_other_schemes_and_files(root: Path, url: str) -> None:
    with pytest.raises(RefusedResource):
        load_resource(url, root)


def test_refuses_escapes_from_the_template_folder(root: Path, tmp_path: Path) -> None:
    with pytest.raises(RefusedResource):
        load_resource(root.as_uri() + "/../scan/bank.py", root)
    with pytest.raises(RefusedResource):  # a template folder file that is not a resource type
        load_resource((root / "rapport.html.j2").as_uri(), root)
    secret = tmp_path / "secret.css"
    secret.write_text("p {}")
    inside = tmp_path / "templates"
    inside.mkdir()
    (inside / "link.css").symlink_to(secret)
    with pytest.raises(RefusedResource):
        load_resource((inside / "link.css").as_uri(), inside)
    with pytest.raises(RefusedResource):
        load_resource((inside / "missing.css").as_uri(), inside)


def _images(html: str, root: Path) -> int:
    import weasyprint

    pdf = weasyprint.HTML(
        string=html, base_url=root.as_uri() + "/", url_fetcher=weasyprint_fetcher(root)
    ).write_pdf()
    reader = PdfReader(io.BytesIO(pdf))
    resources = reader.pages[0]["/Resources"]
    return len(resources.get("/XObject", {})) if resources else 0


def test_weasyprint_loads_data_uris_but_not_files_outside_the_templates(
    root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "red.png"
    outside.write_bytes(PNG)
    data = f"data:image/png;base64,{base64.b64encode(PNG).decode()}"
    assert _images(f'<img src="{data}" width="10">', root) == 1
    assert _images(f'<img src="{outside.as_uri()}" width="10">', root) == 0
    assert _images('<img src="http://127.0.0.1:9/red.png" width="10">', root) == 0
    assert _images('<img src="file:///etc/passwd" width="10">', root) == 0
