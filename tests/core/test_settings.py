"""Settings on disk: versioned TOML, migration from older files, bad values, and where state lives."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kbdesk.core import paths as paths_module
from kbdesk.core.paths import HOME_ENV, state_paths
from kbdesk.core.settings import SETTINGS, SETTINGS_VERSION, Settings, load_settings, save_settings


def test_missing_file_gives_defaults(tmp_path):
    settings = load_settings(tmp_path / "settings.toml")
    assert settings.values == {s.name: s.default for s in SETTINGS}
    assert settings.problems == ()


def test_version_1_file_is_migrated(tmp_path):
    """Version 1 had no version key and called the search mode ``default_mode``."""
    path = tmp_path / "settings.toml"
    path.write_text('default_mode = "keyword"\ntheme = "dark"\n', "utf-8")
    settings = load_settings(path)
    assert settings.search_mode == "keyword"
    assert settings.theme == "dark"
    assert settings.problems == ()
    # saving writes the current version and the new name only
    save_settings(settings, path)
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["version"] == SETTINGS_VERSION == 6
    assert data["search_mode"] == "keyword"
    assert "default_mode" not in data


def test_version_5_file_gains_the_language_setting(tmp_path):
    """Version 6 added ``language``: a version 5 file follows the system's language and is saved as version 6."""
    path = tmp_path / "settings.toml"
    path.write_text('version = 5\ntheme = "dark"\nstarter_articles = false\n', "utf-8")
    settings = load_settings(path)
    assert (settings.language, settings.theme, settings.starter_articles, settings.problems) == (
        "system",
        "dark",
        False,
        (),
    )
    save_settings(settings.with_value("language", "de"), path)
    data = tomllib.loads(path.read_text("utf-8"))
    assert (data["version"], data["language"]) == (6, "de")
    assert load_settings(path).language == "de"


def test_a_language_kbdesk_does_not_speak_falls_back_to_the_system(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(f'version = {SETTINGS_VERSION}\nlanguage = "tlh"\n', "utf-8")
    settings = load_settings(path)
    assert settings.language == "system"
    assert len(settings.problems) == 1 and "language" in settings.problems[0] and "'tlh'" in settings.problems[0]


def test_explicit_version_1_with_both_names_keeps_the_new_one(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('version = 1\ndefault_mode = "semantic"\nsearch_mode = "keyword"\n', "utf-8")
    assert load_settings(path).search_mode == "keyword"


def test_invalid_values_fall_back_to_defaults_with_problems(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(
        f'version = {SETTINGS_VERSION}\nsearch_mode = "psychic"\nanalytics_enabled = "yes"\n'
        f'articles_dir = "{(tmp_path / "gone").as_posix()}"\ntheme = "dark"\n',
        "utf-8",
    )
    settings = load_settings(path)
    assert (settings.search_mode, settings.analytics_enabled, settings.articles_dir) == ("hybrid", True, "")
    assert settings.theme == "dark"
    assert len(settings.problems) == 3
    joined = " ".join(settings.problems)
    assert "search_mode" in joined and "analytics_enabled" in joined and "folder does not exist" in joined


def test_broken_toml_never_stops_kbdesk(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("theme = [unclosed\n", "utf-8")
    settings = load_settings(path)
    assert settings.values == Settings().values
    assert settings.problems and "not valid TOML" in settings.problems[0]


def test_newer_file_is_read_for_known_keys(tmp_path, caplog):
    path = tmp_path / "settings.toml"
    path.write_text(f'version = {SETTINGS_VERSION + 1}\ntheme = "light"\nfuture_thing = 3\n', "utf-8")
    settings = load_settings(path)
    assert settings.theme == "light"
    assert any("newer kbdesk" in r.getMessage() for r in caplog.records)


def test_round_trip(tmp_path):
    path = tmp_path / "config" / "settings.toml"
    original = Settings().with_value("redact_terms", ["Project Falcon"]).with_value("theme", "dark")
    save_settings(original, path)
    assert load_settings(path).values == original.values


def test_kbdesk_home_holds_every_state_path(tmp_path, monkeypatch):
    home = tmp_path / "portable"
    monkeypatch.setenv(HOME_ENV, str(home))
    state = state_paths()
    every = [
        state.config,
        state.data,
        state.cache,
        state.logs,
        state.settings_file,
        state.analytics_db,
        state.log_file,
        state.index_root(tmp_path / "some articles"),
    ]
    for path in every:
        assert path.is_relative_to(home.resolve()), path
    # and the default settings location follows it
    save_settings(Settings())
    assert (home / "config" / "settings.toml").is_file()


def test_without_kbdesk_home_paths_are_platformdirs(monkeypatch):
    import platformdirs

    monkeypatch.delenv(HOME_ENV, raising=False)
    state = state_paths()
    assert state.config == Path(platformdirs.user_config_dir("kbdesk", appauthor=False))
    assert state.data == Path(platformdirs.user_data_dir("kbdesk", appauthor=False))
    assert state.cache == Path(platformdirs.user_cache_dir("kbdesk", appauthor=False))
    assert state.logs == Path(platformdirs.user_log_dir("kbdesk", appauthor=False))


@pytest.mark.parametrize("frozen", [False, True])
def test_data_folders_when_frozen(tmp_path, monkeypatch, frozen):
    if frozen:
        monkeypatch.setattr(paths_module.sys, "frozen", True, raising=False)
        monkeypatch.setattr(paths_module.sys, "_MEIPASS", str(tmp_path), raising=False)
        assert paths_module.bundled_articles_dir() == tmp_path / "articles"
        assert paths_module.resources_dir() == tmp_path / "resources"
        from kbdesk.core.search.semantic import model_dirs

        assert model_dirs() == [tmp_path / "models" / "all-MiniLM-L6-v2-onnx"]  # the build's export, nothing else
    else:
        assert (paths_module.bundled_articles_dir() / "printer-offline.md").is_file()
        assert (paths_module.resources_dir() / "icons" / "kbdesk.svg").is_file()
