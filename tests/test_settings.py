"""TUITION_* settings are checked at start: a bad value stops the process with one line
naming the variable and what it allows (no traceback), never a silently dropped setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tuition import __version__
from tuition.app import create_app
from tuition.builtin import BUILTIN_PLUGINS
from tuition.config import Settings, SettingsError
from tuition.plugins import PluginRegistry

TUITION = str(Path(sys.executable).with_name("tuition"))
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

#: variable, a bad value, words of the line that say what is allowed.
BAD = [
    (
        "TUITION_RATE_LIMIT_AUTH_PER_IP",
        "20/fortnight",
        "'20/fortnight' is not a rate limit (e.g. \"20/minute;200/hour\")",
    ),
    ("TUITION_RATE_LIMIT_AUTH_PER_KEY", "lots", "is not a rate limit"),
    ("TUITION_RATE_LIMIT_ENROLL_PER_IP", "60 per fortnight", "is not a rate limit"),
    ("TUITION_RATE_LIMIT_ENROLL_PER_KEY", "-", "is not a rate limit"),
    ("TUITION_RATE_LIMIT_STORAGE", "postgres://db/limits", "memory://"),
    ("TUITION_RATE_LIMITS", "disabled", "1/true/yes/on or 0/false/no/off"),
    ("TUITION_TRACE_HOOKS", "verbose", "1/true/yes/on or 0/false/no/off"),
    ("TUITION_LOG_LEVEL", "loud", "DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("TUITION_LOG_FORMAT", "xml", "json, console"),
    ("TUITION_PASSWORD_HASHING", "md5", "owasp, fast"),
    ("TUITION_IDP_LEEWAY_SECONDS", "3600", "from 0 to 300 seconds"),
    ("TUITION_REFRESH_TOKEN_TTL_SECONDS", "0", "at least 60 seconds"),
    ("TUITION_VERIFY_TOKEN_TTL_SECONDS", "soon", "is not a whole number"),
    ("TUITION_RESET_TOKEN_TTL_SECONDS", "999999", "from 60 to 86400 seconds"),
    ("TUITION_IDP_LEEWAY_SECONDS", "half a minute", "is not a whole number"),
    ("TUITION_TOKEN_TTL_SECONDS", "0", "at least 1"),
    ("TUITION_TOKEN_TTL_SECONDS", "1e6", "is not a whole number"),
    ("TUITION_DATABASE_URL", "mysql://shop@db/tuition", "sqlite or postgresql URL"),
    ("TUITION_DATABASE_URL", "tuition.db", "is not a database URL"),
    ("TUITION_DATABASE_URL", "postgresql+nodriver://db/x", "is not installed"),
    ("TUITION_REDIS_URL", "localhost:6379", "redis://host:6379/0"),
    ("TUITION_CORS_ORIGINS", "https://shop.example.com/app", "scheme://host[:port]"),
    ("TUITION_CORS_ORIGINS", "shop.example.com", "scheme://host[:port]"),
    ("TUITION_SECRET_ENV_PREFIX", "ACME-", "letters, digits, _"),
    ("TUITION_STOREFRONT_DIR", "/nowhere/storefront", "is not a directory"),
    ("TUITION_EXTRA_PLUGINS", "shelf", "name=module[:attribute]"),
    ("TUITION_EXTRA_PLUGINS", "shelf=no_such_module_here", "cannot be loaded"),
]


@pytest.mark.parametrize(("variable", "value", "allowed"), BAD, ids=[f"{v}={x}" for v, x, _ in BAD])
def test_a_bad_value_names_its_variable_and_what_is_allowed(variable, value, allowed):
    with pytest.raises(SettingsError) as info:
        Settings.from_env({variable: value})
    line = str(info.value)
    assert line.startswith(f"{variable}: ")
    assert allowed in line
    assert "\n" not in line
    assert info.value.problems[0][0] == variable


def test_passwords_in_urls_are_not_shown():
    with pytest.raises(SettingsError) as info:
        Settings.from_env(
            {
                "TUITION_DATABASE_URL": "mysql://shop:hunter2@db/tuition",
                "TUITION_REDIS_URL": "http://:hunter2@cache:6379",
            }
        )
    assert "hunter2" not in str(info.value)
    assert "hunter2" not in repr(info.value.problems)
    assert [variable for variable, _ in info.value.problems] == [
        "TUITION_DATABASE_URL",
        "TUITION_REDIS_URL",
    ]


def test_every_bad_variable_is_found_in_one_pass():
    with pytest.raises(SettingsError) as info:
        Settings.from_env(
            {
                "TUITION_LOG_LEVEL": "loud",
                "TUITION_IDP_LEEWAY_SECONDS": "x",
                "TUITION_RATE_LIMIT_AUTH_PER_IP": "20/fortnight",
            }
        )
    assert {variable for variable, _ in info.value.problems} == {
        "TUITION_LOG_LEVEL",
        "TUITION_IDP_LEEWAY_SECONDS",
        "TUITION_RATE_LIMIT_AUTH_PER_IP",
    }
    assert "also wrong:" in str(info.value)


def test_good_values_are_read():
    settings = Settings.from_env(
        {
            "TUITION_RATE_LIMIT_AUTH_PER_IP": "5/second;100 per hour",
            "TUITION_RATE_LIMIT_STORAGE": "redis://127.0.0.1:6379/3",
            "TUITION_RATE_LIMITS": "OFF",
            "TUITION_TRACE_HOOKS": "yes",
            "TUITION_LOG_LEVEL": "debug",
            "TUITION_LOG_FORMAT": "console",
            "TUITION_PASSWORD_HASHING": "fast",
            "TUITION_IDP_LEEWAY_SECONDS": "0",
            "TUITION_TOKEN_TTL_SECONDS": "3600",
            "TUITION_DATABASE_URL": "postgresql+psycopg://u:p@db:5432/tuition",
            "TUITION_REDIS_URL": "rediss://cache:6380/0",
            "TUITION_CORS_ORIGINS": "https://shop.example.com, http://localhost:3000",
        }
    )
    assert settings.rate_limits is False and settings.trace_hooks is True
    assert (settings.log_level, settings.log_format) == ("DEBUG", "console")
    assert settings.idp_leeway_seconds == 0 and settings.token_ttl_seconds == 3600
    assert settings.cors_origins == ("https://shop.example.com", "http://localhost:3000")


def test_settings_given_directly_are_checked_too():
    with pytest.raises(SettingsError, match=r"^TUITION_RATE_LIMIT_ENROLL_PER_IP: "):
        Settings(rate_limit_enroll_per_ip="60/fortnight")
    with pytest.raises(SettingsError, match="TUITION_RATE_LIMIT_AUTH_PER_KEY"):
        create_app(rate_limit_auth_per_key="many")


def test_overrides_replace_a_bad_variable():
    settings = Settings.from_env({"TUITION_LOG_LEVEL": "loud"}, log_level="WARNING")
    assert settings.log_level == "WARNING"


def _registry(blocked: tuple[str, ...], **kwargs) -> PluginRegistry:
    return PluginRegistry(
        core_version=__version__, builtins=BUILTIN_PLUGINS, blocked=blocked, **kwargs
    )


def test_an_unknown_plugin_to_disable_is_refused():
    with pytest.raises(SettingsError) as info:
        _registry(("cohort",), load_entry_points=False)
    line = str(info.value)
    assert line.startswith("TUITION_DISABLE_PLUGINS: 'cohort' is not an installed plugin")
    assert "cohorts" in line and "free_enrollment" in line  # what is allowed


def test_installed_plugins_may_be_disabled():
    registry = _registry(("cohorts", "next_course"), load_entry_points=False)
    assert "cohorts" not in registry.plugins
    registry = _registry(("cohorts",))
    assert registry.rejected["cohorts"].reason == "blocked"


# -- the processes: tuition …, tuition.wsgi, gunicorn ---------------------------------------


def _env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUITION_")}
    return {**env, **variables}


def _assert_one_line(result: subprocess.CompletedProcess[str], line: str) -> None:
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr
    assert result.stderr.count("tuition: ") == 1, result.stderr
    assert f"tuition: {line}" in result.stderr.splitlines(), result.stderr


@pytest.mark.parametrize(
    "args", [["plugins", "list"], ["run", "--port", "1"], ["db", "upgrade"], ["--help"]]
)
def test_the_cli_stops_with_one_line(tmp_path, args):
    result = subprocess.run(
        [TUITION, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=_env(
            TUITION_RATE_LIMIT_AUTH_PER_IP="20/fortnight",
            TUITION_DATABASE_URL=f"sqlite:///{tmp_path}/t.db",
        ),
    )
    assert result.returncode == 2
    assert result.stderr == (
        "tuition: TUITION_RATE_LIMIT_AUTH_PER_IP: '20/fortnight' is not "
        'a rate limit (e.g. "20/minute;200/hour")\n'
    )
    assert not (tmp_path / "t.db").exists()


def test_the_cli_refuses_an_unknown_plugin_to_disable(tmp_path):
    result = subprocess.run(
        [TUITION, "jobs", "sweep"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=_env(TUITION_DISABLE_PLUGINS="free_enrollment, cohort"),
    )
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        "tuition: TUITION_DISABLE_PLUGINS: 'cohort' is not an installed plugin (installed: "
    )


def test_the_wsgi_module_stops_with_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import tuition.wsgi"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=_env(TUITION_LOG_LEVEL="loud"),
    )
    assert result.returncode == 4
    assert result.stderr == (
        "tuition: TUITION_LOG_LEVEL: 'loud' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL\n"
    )


def test_gunicorn_stops_instead_of_restarting_workers(tmp_path):
    result = subprocess.run(
        [
            GUNICORN,
            "--workers",
            "1",
            "--bind",
            "127.0.0.1:0",
            "--no-control-socket",
            "tuition.wsgi:app",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=_env(
            TUITION_DATABASE_URL=f"sqlite:///{tmp_path}/t.db", TUITION_PASSWORD_HASHING="bcrypt"
        ),
    )
    _assert_one_line(result, "TUITION_PASSWORD_HASHING: 'bcrypt' is not one of owasp, fast")
    assert result.returncode == 4  # gunicorn: "App failed to load"
