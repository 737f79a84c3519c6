"""Connection surface: connect_to_local, liveness/readiness, meta, root links, nodes, 404s."""

from __future__ import annotations

import grpc
import httpx
import pytest
import weaviate
from grpc_health.v1 import health_pb2, health_pb2_grpc
from weaviate.classes.config import Configure, DataType, Property
from weaviate.exceptions import UnexpectedStatusCodeError

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance


def test_connect_to_local_and_liveness(server: ServerProcess) -> None:
    # connect_to_local reads /v1/meta, asks for the OIDC discovery document and
    # runs the gRPC health check; any failure raises here
    with weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port) as client:
        assert client.is_connected()
        assert client.is_live() is True
        assert client.is_ready() is True
    assert client.is_connected() is False


def test_oidc_discovery_is_404_when_oidc_is_off(server: ServerProcess) -> None:
    resp = httpx.get(server.url + "/v1/.well-known/openid-configuration")
    assert resp.status_code == 404
    assert httpx.get(server.url + "/v1/.well-known/live").status_code == 200
    assert httpx.get(server.url + "/v1/.well-known/ready").status_code == 200


def test_grpc_health_is_serving(server: ServerProcess) -> None:
    with grpc.insecure_channel(f"127.0.0.1:{server.grpc_port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
    assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_get_meta(client: weaviate.WeaviateClient, server: ServerProcess) -> None:
    meta = client.get_meta()
    assert set(meta) >= {"hostname", "version", "modules", "grpcMaxMessageSize"}
    assert meta["hostname"].startswith("http://")
    major, minor, *_ = (int(p) for p in meta["version"].split("."))
    assert (major, minor) >= (1, 29)
    assert isinstance(meta["modules"], dict)
    assert isinstance(meta["grpcMaxMessageSize"], int) and meta["grpcMaxMessageSize"] > 0
    raw = httpx.get(server.url + "/v1/meta").json()
    assert raw["version"] == meta["version"]


def test_root_redirects_to_v1_and_v1_lists_links(server: ServerProcess) -> None:
    root = httpx.get(server.url + "/")
    assert root.status_code == 301
    assert root.headers["location"] == "/v1"
    assert root.json()["links"]["href"] == "/v1"
    for path in ("/v1", "/v1/"):
        resp = httpx.get(server.url + path)
        assert resp.status_code == 200, path
        links = {link["href"]: link for link in resp.json()["links"]}
        for href in ("/v1/meta", "/v1/schema", "/v1/objects{/:id}", "/v1/.well-known/live",
                     "/v1/.well-known/ready", "/v1/.well-known/openid-configuration"):
            assert href in links, href
            assert links[href]["name"]
        assert links["/v1/schema"]["documentationHref"].startswith("https://")
    assert httpx.get(server.url + "/", follow_redirects=True).json() == httpx.get(server.url + "/v1").json()


@pytest.mark.parametrize("path", ["/nope", "/v1/nope", "/v1/schema/A/nope/deeper", "/v2/meta"])
def test_unknown_path_is_404_with_error_shape(server: ServerProcess, path: str) -> None:
    resp = httpx.get(server.url + path)
    assert resp.status_code == 404
    body = resp.json()
    assert isinstance(body["error"], list) and len(body["error"]) == 1
    assert path in body["error"][0]["message"]


def test_wrong_method_keeps_error_shape(server: ServerProcess) -> None:
    resp = httpx.patch(server.url + "/v1/meta")
    assert resp.status_code == 405
    assert resp.json()["error"][0]["message"]


def test_nodes_minimal(client: weaviate.WeaviateClient) -> None:
    nodes = client.cluster.nodes()
    assert len(nodes) == 1
    node = nodes[0]
    assert node.name and node.status == "HEALTHY"
    assert node.version == client.get_meta()["version"]
    assert node.git_hash
    assert node.shards is None and node.stats is None


def test_nodes_verbose_counts_after_inserts(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(
        name,
        properties=[Property(name="title", data_type=DataType.TEXT)],
        vector_config=Configure.Vectors.self_provided(),
        sharding_config=Configure.sharding(desired_count=2),
    )
    coll.data.insert_many([{"title": f"t{i}"} for i in range(7)])
    coll.data.insert({"title": "one more"})

    nodes = client.cluster.nodes(name, output="verbose")
    assert len(nodes) == 1
    node = nodes[0]
    assert node.stats.shard_count == 2
    assert node.stats.object_count == 8
    assert {s.collection for s in node.shards} == {name}
    assert sum(s.object_count for s in node.shards) == 8
    for shard in node.shards:
        assert shard.node == node.name
        assert shard.vector_indexing_status == "READY"
        assert shard.vector_queue_length == 0
        assert shard.compressed is False and shard.loaded is True

    everything = client.cluster.nodes(output="verbose")[0]
    mine = [s for s in everything.shards if s.collection == name]
    assert len(mine) == 2 and sum(s.object_count for s in mine) == 8
    assert everything.stats.shard_count == len(everything.shards)
    assert everything.stats.object_count == sum(s.object_count for s in everything.shards)

    one = node.shards[0]
    only = client.cluster.nodes(name, shard=one.name, output="verbose")[0]
    assert [s.name for s in only.shards] == [one.name]
    assert only.stats.shard_count == 1 and only.stats.object_count == one.object_count


def test_nodes_of_missing_collection_is_404(client: weaviate.WeaviateClient) -> None:
    with pytest.raises(UnexpectedStatusCodeError) as err:
        client.cluster.nodes("NoSuchCollectionAnywhere", output="verbose")
    assert err.value.status_code == 404
