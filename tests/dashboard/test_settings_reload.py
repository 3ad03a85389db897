"""The dashboard's settings follow the config file: an edited file is read again on the next run."""

from __future__ import annotations

import os

from dashboard import settings

CONFIG = '[brand]\nname = "{name}"\nterms = ["{name}"]\n'


def test_an_edited_config_file_is_read_again(tmp_path, monkeypatch):
    path = tmp_path / "ambassade.toml"
    path.write_text(CONFIG.format(name="Maison Lemoine"), encoding="utf-8")
    os.utime(path, (1_000_000, 1_000_000))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(path))
    assert settings.configured().brand.name == "Maison Lemoine"

    path.write_text(CONFIG.format(name="Dupain"), encoding="utf-8")
    os.utime(path, (2_000_000, 2_000_000))
    assert settings.configured().brand.name == "Dupain"
