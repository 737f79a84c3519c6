"""Cross-reference beacons: ``weaviate://localhost/<Class>/<uuid>`` or ``weaviate://localhost/<uuid>``.

Parsing follows Weaviate's ``entities/schema/crossref``: the path must be one or
two segments with a uuid last; the scheme is not checked; a beacon is *local*
when its host is ``localhost``. Ids come back in canonical lower-case form.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from weftdb.errors import InvalidInput
from weftdb.usecases.objects.property_values import parse_uuid

LOCAL_HOST = "localhost"


@dataclass(frozen=True)
class Beacon:
    class_name: str  # "" when the beacon names no class
    target_id: str  # canonical lower-case uuid
    local: bool

    def __str__(self) -> str:
        return beacon_string(self.class_name, self.target_id)


def beacon_string(class_name: str, target_id: str) -> str:
    if class_name:
        return f"weaviate://{LOCAL_HOST}/{class_name}/{target_id}"
    return f"weaviate://{LOCAL_HOST}/{target_id}"


def parse_beacon(beacon: str) -> Beacon:
    """A beacon, or InvalidInput with Weaviate's ``invalid cref URI: ...`` message."""
    host, path = _split(beacon)
    if path == "":
        raise InvalidInput("invalid cref URI: %!w(<nil>)")  # sic: Weaviate wraps a nil error here
    segments = path.split("/")
    if len(segments) == 3:
        class_name, target, position = segments[1], segments[2], 2
    elif len(segments) == 2:
        class_name, target, position = "", segments[1], 1
    else:
        raise InvalidInput(f"invalid cref URI: path must be of format '<class>/<uuid>', but got '{path}'")
    try:
        target_id = parse_uuid(target)
    except InvalidInput:
        raise InvalidInput(f"invalid cref URI: {position}nd path segment must be uuid, but got '{target}'") from None
    return Beacon(class_name=class_name, target_id=target_id, local=host == LOCAL_HOST)


def _split(beacon: str) -> tuple[str, str]:
    """(host, decoded path) as Go's ``url.Parse`` sees them."""
    try:
        parts = urlsplit(beacon)
    except ValueError as exc:
        raise InvalidInput(f'invalid cref URI: parse "{beacon}": {exc}') from None
    if parts.scheme and not beacon[len(parts.scheme) + 1 :].startswith("/"):
        return "", ""  # "scheme:opaque" has no path for Go
    host = parts.netloc.rpartition("@")[2]
    return host, unquote(parts.path)
