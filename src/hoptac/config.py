"""Reading settings from the environment.

Every helper here either returns a valid value or raises :class:`ConfigError`
whose message is one line naming the variable and what it accepts. The command
line prints that line and exits; nothing falls back silently on a bad value.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A setting in the environment has a value hoptac cannot use."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off")


def env_choice(name, choices, default):
    raw = os.environ.get(name, default)
    if raw not in choices:
        raise ConfigError(f"{name}={raw!r} is not accepted; use one of: {', '.join(choices)}")
    return raw


def env_int(name, default, minimum=None, maximum=None):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ConfigError(f"{name}={raw!r} must be between {minimum} and {maximum}")
    return value


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ConfigError(f"{name} is empty; give a comma-separated list, e.g. example.gov.vn,127.0.0.1")
    return items


def data_dir(create=True):
    """The data directory; created when missing only if ``create`` (never in production, where a
    mistyped path must not be served as an empty site)."""
    raw = os.environ.get("HOPTAC_DATA_DIR", "./var")
    path = Path(raw).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"HOPTAC_DATA_DIR={raw!r} is a file; it must be a directory")
    if not path.exists() and not create:
        raise ConfigError(f"HOPTAC_DATA_DIR={raw!r} does not exist; in production create it first "
                          f"(mkdir -p {path}) and give it to the user hoptac runs as")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"HOPTAC_DATA_DIR={raw!r} cannot be created: {exc.strerror}") from None
    return path


def without_password(raw):
    """A URL as it may be shown in a message: its password replaced by ***."""
    try:
        parts = urlsplit(raw)
        if parts.password is None:
            return raw
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    except ValueError:
        return "(a URL that cannot be parsed)"


def database(data_path, variable="DATABASE_URL"):
    """Django DATABASES['default'] from DATABASE_URL (default: SQLite in the data dir)."""
    import dj_database_url

    raw = os.environ.get(variable, "")
    shown = without_password(raw)
    if not raw:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_path / "hoptac.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    accepted = "postgresql://user@host:port/name or sqlite:///path/to/file.sqlite3"
    try:
        scheme = urlsplit(raw).scheme
    except ValueError:
        scheme = ""
    if scheme not in {"postgres", "postgresql", "sqlite"}:
        raise ConfigError(f"{variable}={shown!r} is not a database URL; use {accepted}")
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception:  # the parser raises several types for malformed URLs
        raise ConfigError(f"{variable}={shown!r} cannot be parsed; use {accepted}") from None
    if not config.get("NAME"):
        raise ConfigError(f"{variable}={shown!r} names no database; use {accepted}")
    if scheme == "sqlite":
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    else:
        # PostgreSQL's default planner cost assumes spinning disks and then scans whole
        # tables for the indicator queries; on SSD storage index scans are cheaper.
        cost = os.environ.get("HOPTAC_PG_RANDOM_PAGE_COST", "1.1")
        try:
            if float(cost) <= 0:
                raise ValueError
        except ValueError:
            raise ConfigError(f"HOPTAC_PG_RANDOM_PAGE_COST={cost!r} must be a positive number, e.g. 1.1 (SSD) or 4 (disk)") from None
        config.setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={cost}"
    return config


def secret_key(data_path, production):
    raw = os.environ.get("HOPTAC_SECRET_KEY")
    if raw is not None:
        if len(raw) < 32:
            raise ConfigError("HOPTAC_SECRET_KEY is too short; give at least 32 random characters")
        return raw
    if production:
        raise ConfigError("HOPTAC_SECRET_KEY is required when HOPTAC_ENV=production; give at least 32 random characters")
    key_file = data_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level():
    raw = os.environ.get("HOPTAC_LOG_LEVEL", "WARNING")
    if raw.strip().upper() not in LOG_LEVELS:
        raise ConfigError(f"HOPTAC_LOG_LEVEL={raw!r} is not a log level; use one of: {', '.join(LOG_LEVELS)}")
    return raw.strip().upper()


def url(name, schemes, default=""):
    raw = os.environ.get(name, default)
    try:
        scheme = urlsplit(raw).scheme
    except ValueError:
        scheme = None
    if raw and scheme not in schemes:
        raise ConfigError(f"{name}={without_password(raw)!r} is not accepted; use a URL starting with "
                          f"{' or '.join(s + '://' for s in schemes)}")
    return raw
