"""What the weekly export needs from the settings; the defaults serve a database without a config."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ambassade.settings import ExportSettings, LinksSettings, PrivacySettings, Settings, SmtpSettings


@dataclass(frozen=True)
class WeeklyOptions:
    locale: str = "fr"
    timezone: str = "Europe/Paris"
    min_group_size: int = PrivacySettings().min_group_size
    cost_per_click: float = 0.0
    currency: str = "EUR"
    exports: ExportSettings = field(default_factory=ExportSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    out: Path = Path(ExportSettings().out)

    @classmethod
    def from_settings(cls, settings: Settings | None) -> WeeklyOptions:
        if settings is None:
            return cls()
        links: LinksSettings = settings.links
        out = Path(settings.exports.out)
        if not out.is_absolute() and settings.source_path is not None:
            out = settings.source_path.parent / out
        return cls(locale=settings.exports.locale, timezone=settings.brand.timezone,
                   min_group_size=settings.privacy.min_group_size, cost_per_click=links.cost_per_click,
                   currency=links.currency,
                   exports=settings.exports, smtp=settings.smtp, out=out)
