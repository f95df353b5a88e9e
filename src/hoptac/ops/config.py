"""Operations settings read from the environment (one-line errors, as in :mod:`hoptac.config`)."""

import ipaddress
import os
from pathlib import Path

from hoptac import config
from hoptac.ops import logs



def logging_config(environment):
    level = config.log_level()
    fmt = config.env_choice("HOPTAC_LOG_FORMAT", ("text", "json"), "text")
    access = config.env_bool("HOPTAC_ACCESS_LOG", environment != "test")
    return logs.config(level, fmt, access)


def media_root(data_dir):
    """Stored files: ``HOPTAC_MEDIA_DIR`` (shared storage for several app servers) or the data directory's media."""
    raw = os.environ.get("HOPTAC_MEDIA_DIR")
    if not raw:
        return data_dir / "media"
    path = Path(raw).expanduser()
    if not path.is_absolute() or not path.is_dir():
        raise config.ConfigError(f"HOPTAC_MEDIA_DIR={raw!r} must be an existing directory given by its absolute path")
    return path


def replica(data_dir, primary):
    """``{"replica": …}`` from ``DATABASE_REPLICA_URL`` (a PostgreSQL standby of the primary), or ``{}``."""
    if not os.environ.get("DATABASE_REPLICA_URL"):
        return {}
    settings = config.database(data_dir, "DATABASE_REPLICA_URL")
    if "postgresql" not in primary["ENGINE"] or "postgresql" not in settings["ENGINE"]:
        raise config.ConfigError("DATABASE_REPLICA_URL needs PostgreSQL for DATABASE_URL and for the replica "
                                 "(a streaming standby of the primary)")
    settings.setdefault("OPTIONS", {})["connect_timeout"] = 3  # a replica that is away must not hold requests
    settings["TEST"] = {"MIRROR": "default"}
    return {"replica": settings}


def metrics_access():
    """(token, [networks]) allowed to read ``/metrics``."""
    token = os.environ.get("HOPTAC_METRICS_TOKEN", "")
    if token and len(token) < 24:
        raise config.ConfigError("HOPTAC_METRICS_TOKEN is too short; give at least 24 random characters")
    networks = []
    for item in config.env_list("HOPTAC_METRICS_ALLOW", ["127.0.0.1", "::1"]):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise config.ConfigError(f"HOPTAC_METRICS_ALLOW has {item!r}; give addresses or networks such as "
                                     "127.0.0.1 or 10.0.0.0/24") from None
    return token, networks
