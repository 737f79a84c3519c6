"""The server process: configuration from the environment, the data-directory lock,
clean shutdown on SIGTERM/SIGINT, and the start-up log line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import weaviate

from tests.harness import ServerProcess, free_port

pytestmark = pytest.mark.acceptance


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "server exited early"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/.well-known/ready", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("server not ready")


def test_environment_configures_ports_and_data_path_and_sigterm_stops_cleanly(tmp_path: Path) -> None:
    port, grpc_port = free_port(), free_port()
    env = {**os.environ, "PORT": str(port), "GRPC_PORT": str(grpc_port), "HOST": "127.0.0.1",
           "PERSISTENCE_DATA_PATH": str(tmp_path / "envdata"), "QUERY_DEFAULTS_LIMIT": "3"}
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "weftdb", "serve"], env=env, stdout=out, stderr=subprocess.STDOUT)
        wait_ready(port, proc)
        with weaviate.connect_to_local(host="127.0.0.1", port=port, grpc_port=grpc_port) as client:
            coll = client.collections.create("EnvConfigured")
            coll.data.insert_many([{"i": i} for i in range(5)])
            assert len(coll.query.fetch_objects().objects) == 3
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    started = next(entry for entry in lines if entry["msg"] == "weftdb started")
    assert started["rest_port"] == port and started["grpc_port"] == grpc_port
    assert started["weaviate_version"] and started["weftdb_version"]
    assert any(entry["msg"].startswith("weftdb stopped") for entry in lines)
    assert (tmp_path / "envdata" / "schema").is_dir()


def test_sigint_stops_cleanly_and_data_survives(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data").start()
    with weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port) as client:
        client.collections.create("Kept").data.insert({"t": "x"})
    assert server.kill(signal.SIGINT) == 0
    server.start()
    with weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port) as client:
        assert len(client.collections.get("Kept")) == 1
    server.stop()


def test_second_server_on_same_data_directory_refuses_to_start(tmp_path: Path) -> None:
    first = ServerProcess(tmp_path / "data").start()
    try:
        second = subprocess.run(
            [sys.executable, "-m", "weftdb", "serve", "--port", str(free_port()), "--grpc-port", str(free_port()),
             "--data-path", str(tmp_path / "data")],
            capture_output=True, text=True, timeout=60,
        )
        assert second.returncode == 1
        assert "in use" in second.stderr and "PERSISTENCE_DATA_PATH" in second.stderr
        with weaviate.connect_to_local(host="127.0.0.1", port=first.port, grpc_port=first.grpc_port) as client:
            assert client.is_ready()
    finally:
        first.stop()


def test_invalid_environment_value_is_a_clear_error(tmp_path: Path) -> None:
    env = {**os.environ, "QUERY_MAXIMUM_RESULTS": "lots", "PERSISTENCE_DATA_PATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "weftdb", "serve"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "QUERY_MAXIMUM_RESULTS" in result.stderr
