#!/usr/bin/env python3
"""A plain thread-pool client of the emulator's /v2/edit, for reference next to photoroom-batch's unlimited row.

What the issue compares against ("a plain Python thread-pool client does 1.04 × on the same server"): THREADS
threads, one keep-alive connection each, every image of INPUT_DIR (recursively) sent once with the same settings
as the benchmark's run.json (removeBackground, white background), each result written to OUT_DIR. No preflight,
no account reads, no journal, no validation, no report: the floor a client can reach on this machine and server.

Usage: thread-pool-client.py PORT KEY INPUT_DIR OUT_DIR [THREADS] [LATENCY_MS]
Prints the wall time and its ratio to the ideal IMAGES × LATENCY / THREADS.
"""
import http.client
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

port, key, input_dir, out_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 8
latency_ms = float(sys.argv[6]) if len(sys.argv) > 6 else 200
os.makedirs(out_dir, exist_ok=True)
files = sorted(
    os.path.relpath(os.path.join(folder, name), input_dir)
    for folder, _, names in os.walk(input_dir)
    for name in names
)
local = threading.local()


def connection():
    if getattr(local, "connection", None) is None:
        local.connection = http.client.HTTPConnection("127.0.0.1", port)
    return local.connection


def send(name):
    with open(os.path.join(input_dir, name), "rb") as file:
        data = file.read()
    boundary = "b" + uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="removeBackground"\r\n\r\ntrue\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="background.color"\r\n\r\nFFFFFF\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="imageFile"; filename="{os.path.basename(name)}"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    http = connection()
    http.request(
        "POST", "/v2/edit", body, {"x-api-key": key, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    response = http.getresponse()
    result = response.read()
    if response.status != 200:
        raise SystemExit(f"{name}: HTTP {response.status}: {result[:200]!r}")
    with open(os.path.join(out_dir, name.replace("/", "_")), "wb") as file:
        file.write(result)


started = time.time()
with ThreadPoolExecutor(threads) as pool:
    list(pool.map(send, files))
wall = time.time() - started
ideal = len(files) * latency_ms / 1000 / threads
print(f"{len(files)} images, {threads} threads: wall {wall:.2f} s (ideal {ideal} s, ratio {wall / ideal:.3f})")
