"""What weaviate-client 4.24.1 sends validates, and what we store parses back in the client."""

from __future__ import annotations

import datetime as dt
import json
import uuid
import warnings
from typing import Any

import pytest

with warnings.catch_warnings():
    # authlib (a dependency of the client) warns about httpx at import time, after putting
    # an "always" filter for its warnings first in line: ours has to come after that import.
    import authlib.deprecate  # noqa: F401

    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    from weaviate.collections.batch.grpc_batch import _serialize_primitive
    from weaviate.collections.classes.internal import ReferenceToMulti, _Reference
    from weaviate.collections.classes.types import GeoCoordinate, PhoneNumber, _PhoneNumber
    from weaviate.collections.data.executor import _DataCollectionExecutor
    from weaviate.debug.types import DebugRESTObject
    from weaviate.util import _datetime_from_weaviate_str, _datetime_to_string

from weftdb.usecases.objects.validation import validate_properties

U1 = uuid.UUID("df48b9f6-ba48-470c-bf6a-57657cb07390")
CLASS: dict[str, Any] = {
    "class": "Doc",
    "properties": [
        {"name": "when", "dataType": ["date"]},
        {"name": "whens", "dataType": ["date[]"]},
        {"name": "uid", "dataType": ["uuid"]},
        {"name": "uids", "dataType": ["uuid[]"]},
        {"name": "where", "dataType": ["geoCoordinates"]},
        {"name": "phone", "dataType": ["phoneNumber"]},
        {"name": "count", "dataType": ["int"]},
        {"name": "author", "dataType": ["Person"]},
        {"name": "mentions", "dataType": ["Person", "Org"]},
        {
            "name": "meta",
            "dataType": ["object"],
            "nestedProperties": [
                {"name": "at", "dataType": ["date"]},
                {"name": "ids", "dataType": ["uuid[]"]},
            ],
        },
    ],
}


def check(props: dict[str, Any], *, json_numbers: bool = True) -> dict[str, Any]:
    return validate_properties(CLASS, props, class_exists=lambda _: True, json_numbers=json_numbers)


def over_rest(props: dict[str, Any]) -> dict[str, Any]:
    """The properties as ``collection.data.insert`` serialises them, through JSON."""
    executor = _DataCollectionExecutor.__new__(_DataCollectionExecutor)
    serialised = executor._DataCollectionExecutor__serialize_props(props)  # type: ignore[attr-defined]
    return check(json.loads(json.dumps(serialised)))


@pytest.mark.parametrize(
    "when",
    [
        dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        dt.datetime(2024, 1, 2, 3, 4, 5, 678900, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        dt.datetime(1999, 12, 31, 23, 59, 59, 1, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30))),
    ],
)
def test_dates_round_trip(when: dt.datetime) -> None:
    sent = _datetime_to_string(when)
    stored = check({"when": sent, "whens": [sent]})
    assert _datetime_from_weaviate_str(stored["when"]) == when
    assert [_datetime_from_weaviate_str(s) for s in stored["whens"]] == [when]


def test_uuids_round_trip() -> None:
    stored = check({"uid": _serialize_primitive(U1), "uids": _serialize_primitive([U1])})
    assert uuid.UUID(stored["uid"]) == U1
    assert [uuid.UUID(u) for u in stored["uids"]] == [U1]


def test_geo_round_trips_within_float32() -> None:
    sent = GeoCoordinate(latitude=52.366667, longitude=4.9)._to_dict()
    stored = check({"where": sent})["where"]
    back = GeoCoordinate(**stored)
    assert back.latitude == pytest.approx(52.366667, rel=1e-7)
    assert back.longitude == pytest.approx(4.9, rel=1e-7)


@pytest.mark.parametrize(
    "number",
    [PhoneNumber(number="+31 20 123 4567"), PhoneNumber(number="020 1234567", default_country="nl")],
)
def test_phone_numbers_round_trip(number: PhoneNumber) -> None:
    stored = check({"phone": number._to_dict()})["phone"]
    back = _PhoneNumber(
        number=stored["input"],
        country_code=stored.get("countryCode", 0),
        default_country=stored.get("defaultCountry", ""),
        international_formatted=stored.get("internationalFormatted", ""),
        national=stored.get("national", 0),
        national_formatted=stored.get("nationalFormatted", ""),
        valid=stored.get("valid", False),
    )
    assert back.international_formatted == "+31 20 123 4567"
    assert back.valid


def test_references_as_the_client_writes_them() -> None:
    stored = check(
        {
            "author": _Reference(target_collection=None, uuids=U1)._to_beacons(),
            "mentions": ReferenceToMulti(target_collection="Org", uuids=[U1])._to_beacons(),
        }
    )
    assert stored == {
        "author": [{"beacon": f"weaviate://localhost/Person/{U1}"}],
        "mentions": [{"beacon": f"weaviate://localhost/Org/{U1}"}],
    }


def test_nested_values_as_the_client_writes_them() -> None:
    when = dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    stored = over_rest({"meta": {"at": when, "ids": [U1]}, "count": 3})
    assert stored == {"meta": {"at": "2024-01-02T00:00:00Z", "ids": [str(U1)]}, "count": 3}


def test_a_rest_insert_of_every_type() -> None:
    when = dt.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    stored = over_rest(
        {
            "when": when,
            "whens": [when],
            "uid": U1,
            "uids": [U1],
            "where": GeoCoordinate(latitude=1.5, longitude=-2.25),
            "phone": PhoneNumber(number="+31 20 123 4567"),
            "count": 1,
            "meta": {"at": when},
        }
    )
    assert stored["when"] == stored["whens"][0] == stored["meta"]["at"] == "2024-01-02T03:04:05.000006Z"
    assert stored["uid"] == stored["uids"][0] == str(U1)
    assert stored["where"] == {"latitude": 1.5, "longitude": -2.25}
    assert stored["phone"]["internationalFormatted"] == "+31 20 123 4567"


def test_grpc_struct_numbers_for_int_properties() -> None:
    # the client's gRPC batch puts scalar ints into a protobuf Struct, so they arrive as floats
    assert check({"count": 7.0}, json_numbers=False) == {"count": 7}


def test_debug_rest_object_accepts_the_stored_properties() -> None:
    stored = check({"when": "2024-01-02T03:04:05+00:00", "uid": str(U1)})
    obj = DebugRESTObject.model_validate(
        {
            "class": "Doc",
            "creationTimeUnix": 1,
            "lastUpdateTimeUnix": 1,
            "properties": stored,
            "id": str(U1),
        }
    )
    assert obj.properties == stored
