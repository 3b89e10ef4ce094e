"""The identifiers (RFID tags) the CSMS knows and the idTagInfo it answers for them."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

AUTHORIZATION_STATUSES = ("Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx")


class TagRegistry:
    """The identifiers this CSMS knows, read from a JSON file (see configs/tags.json):

        {"tags": {"TAG": {"status": "Accepted", "parentIdTag": "FLEET", "expiryDate": "..."}}}

    `status` defaults to Accepted; an Accepted tag whose expiryDate has passed is Expired; a tag
    not listed gets `unknown_status` (Invalid unless told otherwise: tests that swipe made-up
    tags use Accepted). Tags compare case-insensitively (IdToken is a CiString). The file is read
    again when it changes, so a developer can edit it while the CSMS runs.
    """

    def __init__(self, path: Path | None = None, tags: dict[str, dict] | None = None, unknown_status: str = "Invalid"):
        if unknown_status not in AUTHORIZATION_STATUSES:
            raise ValueError(f"unknown tag status {unknown_status!r}; expected one of {', '.join(AUTHORIZATION_STATUSES)}")
        self.path = path
        self.unknown_status = unknown_status
        self._mtime: float | None = None
        self._tags: dict[str, dict] = {}
        if tags is not None:
            self.replace(tags)
        self._reload_if_changed()

    def replace(self, tags: dict[str, dict]) -> None:
        """Replaces the known tags (in memory; the file, if any, wins again when it changes)."""
        self._tags = {name.lower(): dict(entry) for name, entry in tags.items()}

    def _reload_if_changed(self) -> None:
        if self.path is None:
            return
        mtime = self.path.stat().st_mtime
        if mtime == self._mtime:
            return
        document = json.loads(self.path.read_text())
        tags = document.get("tags") if isinstance(document, dict) else None
        if not isinstance(tags, dict):
            raise ValueError(f"{self.path}: expected an object with a 'tags' object")
        for name, entry in tags.items():
            if not isinstance(entry, dict):
                raise ValueError(f"{self.path}: tags.{name}: expected an object")
        self.replace(tags)
        self._mtime = mtime

    def id_tag_info(self, id_tag: str) -> dict[str, Any]:
        """The idTagInfo to answer for `id_tag` (camelCase, as on the wire)."""
        try:
            self._reload_if_changed()
        except (OSError, ValueError) as error:
            logging.getLogger("dev-csms").warning("tags file not reloaded: %s", error)
        entry = self._tags.get(id_tag.lower())
        if entry is None:
            return {"status": self.unknown_status}
        info: dict[str, Any] = {"status": entry.get("status", "Accepted")}
        if entry.get("parentIdTag"):
            info["parentIdTag"] = entry["parentIdTag"]
        if entry.get("expiryDate"):
            info["expiryDate"] = entry["expiryDate"]
            expiry = datetime.fromisoformat(entry["expiryDate"].replace("Z", "+00:00"))
            if info["status"] == "Accepted" and expiry <= datetime.now(timezone.utc):
                info["status"] = "Expired"
        return info
