"""The socket guard of tests/conftest.py: nothing in the test process reaches the network."""

from __future__ import annotations

import socket
import threading
import urllib.request

import pytest

# conftest's NetworkBlocked, by what it says: conftest is not importable as a module.
BLOCKED = (RuntimeError, "^tests may not ")


@pytest.mark.parametrize(
    ("family", "address"),
    [
        (socket.AF_INET, ("192.0.2.1", 80)),  # TEST-NET-1: never routed, never answered
        (socket.AF_INET, ("10.0.0.1", 443)),
        (socket.AF_INET6, ("2001:db8::1", 80)),
    ],
)
def test_a_connect_beyond_loopback_raises(
    family: socket.AddressFamily, address: tuple[str, int]
) -> None:
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        with pytest.raises(BLOCKED[0], match=BLOCKED[1]):
            sock.connect(address)
        with pytest.raises(BLOCKED[0], match=BLOCKED[1]):
            sock.connect_ex(address)


@pytest.mark.parametrize("name", ["example.com", "pypi.org", "huggingface.co."])
def test_looking_up_a_name_raises(name: str) -> None:
    with pytest.raises(BLOCKED[0], match=BLOCKED[1]):
        socket.getaddrinfo(name, 443)
    with pytest.raises(BLOCKED[0], match=BLOCKED[1]):
        socket.gethostbyname(name)


def test_a_library_fetching_a_url_fails_loudly() -> None:
    with pytest.raises(BLOCKED[0], match=BLOCKED[1]):
        urllib.request.urlopen("http://example.com/", timeout=1)


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        accepted: list[bytes] = []

        def answer() -> None:
            connection, _ = server.accept()
            with connection:
                accepted.append(connection.recv(5))

        thread = threading.Thread(target=answer)
        thread.start()
        with socket.create_connection(("localhost", server.getsockname()[1]), timeout=5) as client:
            client.sendall(b"hello")
        thread.join(timeout=5)
    assert accepted == [b"hello"]
