#!/usr/bin/env python3
"""Holds N idle keep-alive connections to the server while the load runs, then checks
that every one of them is still open and still answers (GET /healthz on each).

    idle.py PORT N SECONDS
Prints one line: "idle: opened N, still open N, answered N".
"""
import socket
import sys
import time

port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
socks = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    socks.append(s)
opened = len(socks)
print(f"idle: {opened} connections open", flush=True)
time.sleep(seconds)

still_open = 0
for s in socks:
    s.setblocking(False)
    try:
        data = s.recv(1)
        if data == b"":
            continue  # closed by the server
        still_open += 1  # unexpected bytes, but open
    except BlockingIOError:
        still_open += 1
    finally:
        s.setblocking(True)

answered = 0
for s in socks:
    try:
        s.settimeout(5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: idle\r\n\r\n")
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = s.recv(4096)
            if not chunk:
                break
            reply += chunk
        if reply.startswith(b"HTTP/1.1 200"):
            answered += 1
    except OSError:
        pass
    s.close()
print(f"idle: opened {opened}, still open {still_open}, answered {answered}", flush=True)
