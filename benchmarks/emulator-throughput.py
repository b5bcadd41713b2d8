#!/usr/bin/env python3
"""Load client for benchmarks/emulator-throughput.sh (standard library only).

Usage: emulator-throughput.py BASE_URL KEY IMAGE REQUESTS CONCURRENCY [FIELD=VALUE ...]

Sends REQUESTS multipart POST /v2/edit calls with IMAGE as imageFile (plus the given form fields) from
CONCURRENCY threads, each on its own keep-alive connection, after a warm-up of 2 x CONCURRENCY calls.
Prints one JSON object: edits per second, latency percentiles, statuses, bytes.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse


def multipart(image, fields, boundary="emulatorbenchboundary7MA4YWxk"):
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="imageFile"; filename="bench.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + image
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main():
    base, key, image_path, requests, concurrency = sys.argv[1:6]
    fields = [tuple(arg.split("=", 1)) for arg in sys.argv[6:]]
    requests, concurrency = int(requests), int(concurrency)
    url = urllib.parse.urlparse(base)
    with open(image_path, "rb") as handle:
        body, content_type = multipart(handle.read(), fields)
    headers = {"x-api-key": key, "content-type": content_type, "content-length": str(len(body))}

    lock = threading.Lock()
    state = {"next": 0, "limit": 0}
    latencies, statuses, sizes = [], {}, []

    def worker():
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        while True:
            with lock:
                if state["next"] >= state["limit"]:
                    break
                state["next"] += 1
            started = time.perf_counter()
            connection.request("POST", "/v2/edit", body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                sizes.append(len(payload))
        connection.close()

    def run(count):
        state["next"], state["limit"] = 0, count
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    run(2 * concurrency)  # warm-up
    latencies.clear(), statuses.clear(), sizes.clear()
    wall = run(requests)
    latencies.sort()

    def percentile(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1)

    print(
        json.dumps(
            {
                "requests": requests,
                "concurrency": concurrency,
                "wall_s": round(wall, 3),
                "edits_per_s": round(requests / wall, 1),
                "latency_ms": {"p50": percentile(0.50), "p95": percentile(0.95), "max": percentile(1.0)},
                "statuses": statuses,
                "mean_response_bytes": int(sum(sizes) / max(1, len(sizes))),
                "request_bytes": len(body),
            }
        )
    )


if __name__ == "__main__":
    main()
