"""Service settings, read once from the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


@dataclass(frozen=True)
class Settings:
    """Everything the service needs to start; defaults give the embedded single-machine set-up."""

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = ROOT / "data"
    database_url: str = ""
    kennisbank_dir: Path = ROOT / "kennisbank"
    dialogen_dir: Path = ROOT / "dialogen"
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_action_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    engine_timeout: float = 30.0
    engine_wait: float = 90.0
    max_text_chars: int = 2000
    max_body_bytes: int = 16_384
    search_backend: str = "e5"
    cache_dir: Path | None = None
    search_model_dir: str = ""
    embed_threads: int = 1
    # Channels (bot/channels/): a channel is mounted only when its credentials are set.
    telegram_token: str = ""
    telegram_secret: str = ""
    telegram_mode: str = "webhook"  # webhook | polling
    telegram_api_base: str = "https://api.telegram.org"
    telegram_public_url: str = ""  # when set, the webhook is registered at <url>/telegram/webhook on start
    whatsapp_token: str = ""
    whatsapp_phone_id: str = ""
    whatsapp_app_secret: str = ""
    whatsapp_verify_token: str = ""
    whatsapp_graph_base: str = "https://graph.facebook.com"
    whatsapp_graph_version: str = "v23.0"
    whatsapp_template: str = "bijstandswijzer_nieuw_bericht"
    sse_keepalive: float = 15.0
    # Scale-out: with a Redis URL, widget event streams are woken across workers (bot/channels/notify.py),
    # and the Rasa sidecar uses the Redis lock store (dialogen/endpoints-schaal.yml).
    redis_url: str = ""
    # Privacy, security, reliability (bot/privacy/, bot/api/security.py, bot/store/retention.py, bot/retry.py)
    retention_days: int = 30  # conversations are deleted this many days after the last activity
    case_retention_days: int = 30  # cases (when they exist) separately
    retention_interval: float = 3600.0  # seconds between retention runs
    retry_interval: float = 5.0  # seconds between looks for messages waiting for the engine
    rate_limit_ip_burst: int = 60  # requests per client IP at once ...
    rate_limit_ip_per_minute: float = 120.0  # ... and sustained
    rate_limit_conversation_burst: int = 20  # messages per conversation at once ...
    rate_limit_conversation_per_minute: float = 30.0  # ... and sustained
    rate_limit_exempt: str = "127.0.0.1,::1"  # peers not limited (the machine itself); empty = none
    rate_limit_trusted_proxies: str = ""  # peers whose X-Forwarded-For names the client (a reverse proxy)
    frame_ancestors: str = ""  # origins that may embed the pages in a frame, e.g. "https://www.utrecht.nl"

    def resolved_cache_dir(self) -> Path:
        return self.cache_dir or self.data_dir / "cache"

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'bijstand.sqlite3'}"

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("BIJSTAND_DATA_DIR", str(ROOT / "data")))
        rasa_port = _env_int("RASA_PORT", 5005)
        return cls(
            host=os.environ.get("HOST", "127.0.0.1"),
            port=_env_int("PORT", 8000),
            data_dir=data_dir,
            database_url=os.environ.get("DATABASE_URL", ""),
            kennisbank_dir=Path(os.environ.get("KENNISBANK_DIR", str(ROOT / "kennisbank"))),
            dialogen_dir=Path(os.environ.get("DIALOGEN_DIR", str(ROOT / "dialogen"))),
            rasa_url=os.environ.get("RASA_URL", f"http://127.0.0.1:{rasa_port}"),
            rasa_action_token=os.environ.get("RASA_ACTION_TOKEN") or secrets.token_urlsafe(24),
            engine_timeout=_env_float("ENGINE_TIMEOUT", 30.0),
            engine_wait=_env_float("ENGINE_WAIT", 90.0),
            max_text_chars=_env_int("MAX_TEXT_CHARS", 2000),
            search_backend=os.environ.get("KB_SEARCH", "e5"),
            cache_dir=Path(os.environ["KB_CACHE_DIR"]) if os.environ.get("KB_CACHE_DIR") else None,
            search_model_dir=os.environ.get("KB_MODEL_DIR", ""),
            embed_threads=_env_int("KB_EMBED_THREADS", 1),
            telegram_token=os.environ.get("TELEGRAM_TOKEN", ""),
            telegram_secret=os.environ.get("TELEGRAM_SECRET", ""),
            telegram_mode=os.environ.get("TELEGRAM_MODE", "webhook"),
            telegram_api_base=os.environ.get("TELEGRAM_API_BASE", "https://api.telegram.org"),
            telegram_public_url=os.environ.get("TELEGRAM_PUBLIC_URL", ""),
            whatsapp_token=os.environ.get("WHATSAPP_TOKEN", ""),
            whatsapp_phone_id=os.environ.get("WHATSAPP_PHONE_ID", ""),
            whatsapp_app_secret=os.environ.get("WHATSAPP_APP_SECRET", ""),
            whatsapp_verify_token=os.environ.get("WHATSAPP_VERIFY_TOKEN", ""),
            whatsapp_graph_base=os.environ.get("WHATSAPP_GRAPH_BASE", "https://graph.facebook.com"),
            whatsapp_graph_version=os.environ.get("WHATSAPP_GRAPH_VERSION", "v23.0"),
            whatsapp_template=os.environ.get("WHATSAPP_TEMPLATE", "bijstandswijzer_nieuw_bericht"),
            sse_keepalive=_env_float("SSE_KEEPALIVE", 15.0),
            redis_url=os.environ.get("REDIS_URL", ""),
            retention_days=_env_int("RETENTION_DAYS", 30),
            case_retention_days=_env_int("CASE_RETENTION_DAYS", 30),
            retention_interval=_env_float("RETENTION_INTERVAL", 3600.0),
            retry_interval=_env_float("RETRY_INTERVAL", 5.0),
            rate_limit_ip_burst=_env_int("RATE_LIMIT_IP_BURST", 60),
            rate_limit_ip_per_minute=_env_float("RATE_LIMIT_IP_PER_MINUTE", 120.0),
            rate_limit_conversation_burst=_env_int("RATE_LIMIT_CONVERSATION_BURST", 20),
            rate_limit_conversation_per_minute=_env_float("RATE_LIMIT_CONVERSATION_PER_MINUTE", 30.0),
            rate_limit_exempt=os.environ.get("RATE_LIMIT_EXEMPT", "127.0.0.1,::1"),
            rate_limit_trusted_proxies=os.environ.get("RATE_LIMIT_TRUSTED_PROXIES", ""),
            frame_ancestors=os.environ.get("FRAME_ANCESTORS", ""),
        )
